using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Text;

namespace Lockstep.Language.Binding.Bound;

public abstract record BoundStatement(SourceLocation Location);

public sealed record BoundBlock(SourceLocation Location, IReadOnlyList<BoundStatement> Statements) : BoundStatement(Location);

public sealed record BoundExpressionStatement(SourceLocation Location, BoundExpression Expression) : BoundStatement(Location);

/// <summary>A local's declaration: runs its initializer (a local without one is zeroed).</summary>
public sealed record BoundLocalDeclaration(SourceLocation Location, LocalSymbol Local, BoundInitializer? Initializer) : BoundStatement(Location);

public sealed record BoundNop(SourceLocation Location) : BoundStatement(Location);

public sealed record BoundIf(SourceLocation Location, BoundExpression Condition, BoundStatement Then, BoundStatement? Else) : BoundStatement(Location);

public sealed record BoundWhile(SourceLocation Location, BoundExpression Condition, BoundStatement Body) : BoundStatement(Location);

public sealed record BoundDoWhile(SourceLocation Location, BoundStatement Body, BoundExpression Condition) : BoundStatement(Location);

public sealed record BoundFor(SourceLocation Location, BoundStatement? Init, BoundExpression? Condition, BoundExpression? Step, BoundStatement Body) : BoundStatement(Location);

public sealed record BoundSwitch(SourceLocation Location, BoundExpression Value, BoundStatement Body) : BoundStatement(Location);

/// <summary>A <c>case</c> (Value set) or <c>default</c> label inside a switch body.</summary>
public sealed record BoundCase(SourceLocation Location, long? Value) : BoundStatement(Location);

public sealed record BoundBreak(SourceLocation Location) : BoundStatement(Location);

public sealed record BoundContinue(SourceLocation Location) : BoundStatement(Location);

public sealed record BoundReturn(SourceLocation Location, BoundExpression? Value) : BoundStatement(Location);

public sealed record BoundGoto(SourceLocation Location, string Label) : BoundStatement(Location);

public sealed record BoundLabel(SourceLocation Location, string Label) : BoundStatement(Location);

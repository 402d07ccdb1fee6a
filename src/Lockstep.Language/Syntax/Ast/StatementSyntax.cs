using System.Collections.Immutable;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax.Ast;

public abstract record StatementSyntax(SourceLocation Location) : SyntaxNode(Location);

public sealed record BlockStatement(SourceLocation Location, ImmutableArray<StatementSyntax> Statements, SourceLocation End) : StatementSyntax(Location);

public sealed record DeclarationStatement(SourceLocation Location, DeclarationSyntax Declaration) : StatementSyntax(Location);

public sealed record ExpressionStatement(SourceLocation Location, ExpressionSyntax Expression) : StatementSyntax(Location);

public sealed record StaticAssertStatement(SourceLocation Location, StaticAssertSyntax Assertion) : StatementSyntax(Location);

public sealed record EmptyStatement(SourceLocation Location) : StatementSyntax(Location);

public sealed record IfStatement(SourceLocation Location, ExpressionSyntax Condition, StatementSyntax Then, StatementSyntax? Else) : StatementSyntax(Location);

public sealed record WhileStatement(SourceLocation Location, ExpressionSyntax Condition, StatementSyntax Body) : StatementSyntax(Location);

public sealed record DoWhileStatement(SourceLocation Location, StatementSyntax Body, ExpressionSyntax Condition) : StatementSyntax(Location);

/// <summary><c>for (init; cond; step)</c>; Init is a declaration or expression statement.</summary>
public sealed record ForStatement(SourceLocation Location, StatementSyntax? Init, ExpressionSyntax? Condition, ExpressionSyntax? Step, StatementSyntax Body) : StatementSyntax(Location);

public sealed record SwitchStatement(SourceLocation Location, ExpressionSyntax Value, StatementSyntax Body) : StatementSyntax(Location);

/// <summary><c>case v:</c> (Value set; GNU ranges not supported) or <c>default:</c> (Value null), labelling Body.</summary>
public sealed record CaseStatement(SourceLocation Location, ExpressionSyntax? Value, StatementSyntax Body) : StatementSyntax(Location);

public sealed record BreakStatement(SourceLocation Location) : StatementSyntax(Location);

public sealed record ContinueStatement(SourceLocation Location) : StatementSyntax(Location);

public sealed record ReturnStatement(SourceLocation Location, ExpressionSyntax? Value) : StatementSyntax(Location);

public sealed record GotoStatement(SourceLocation Location, string Label) : StatementSyntax(Location);

public sealed record LabeledStatement(SourceLocation Location, string Label, StatementSyntax Body) : StatementSyntax(Location);

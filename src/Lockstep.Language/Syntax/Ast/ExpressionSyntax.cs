using System.Collections.Immutable;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax.Ast;

/// <summary>An expression. <see cref="SyntaxNode.Location"/> is the operator for operators, the first token otherwise.</summary>
public abstract record ExpressionSyntax(SourceLocation Location) : SyntaxNode(Location);

public sealed record IdentifierExpression(SourceLocation Location, string Name) : ExpressionSyntax(Location);

/// <summary>An integer or character literal, already decoded.</summary>
public sealed record IntegerLiteralExpression(SourceLocation Location, IntegerLiteralValue Value, bool IsChar) : ExpressionSyntax(Location);

public sealed record StringLiteralExpression(SourceLocation Location, string Value) : ExpressionSyntax(Location);

/// <summary>Prefix operators: - + ~ ! * &amp; and pre ++/--.</summary>
public sealed record UnaryExpression(SourceLocation Location, string Operator, ExpressionSyntax Operand) : ExpressionSyntax(Location);

/// <summary>Post ++/--.</summary>
public sealed record PostfixExpression(SourceLocation Location, string Operator, ExpressionSyntax Operand) : ExpressionSyntax(Location);

public sealed record BinaryExpression(SourceLocation Location, string Operator, ExpressionSyntax Left, ExpressionSyntax Right) : ExpressionSyntax(Location);

/// <summary>= and the compound assignments (Operator is "=", "+=", ...).</summary>
public sealed record AssignmentExpression(SourceLocation Location, string Operator, ExpressionSyntax Target, ExpressionSyntax Value) : ExpressionSyntax(Location);

public sealed record ConditionalExpression(SourceLocation Location, ExpressionSyntax Condition, ExpressionSyntax WhenTrue, ExpressionSyntax WhenFalse) : ExpressionSyntax(Location);

public sealed record CommaExpression(SourceLocation Location, ExpressionSyntax Left, ExpressionSyntax Right) : ExpressionSyntax(Location);

public sealed record CastExpression(SourceLocation Location, TypeSyntax Type, ExpressionSyntax Operand) : ExpressionSyntax(Location);

public sealed record SizeofTypeExpression(SourceLocation Location, TypeSyntax Type) : ExpressionSyntax(Location);

public sealed record SizeofExpression(SourceLocation Location, ExpressionSyntax Operand) : ExpressionSyntax(Location);

/// <summary><c>a.b</c> or <c>a-&gt;b</c>; Location is the name.</summary>
public sealed record MemberExpression(SourceLocation Location, ExpressionSyntax Target, string Member, bool IsArrow) : ExpressionSyntax(Location);

public sealed record IndexExpression(SourceLocation Location, ExpressionSyntax Target, ExpressionSyntax Index) : ExpressionSyntax(Location);

public sealed record CallExpression(SourceLocation Location, ExpressionSyntax Callee, ImmutableArray<ExpressionSyntax> Arguments) : ExpressionSyntax(Location);

/// <summary><c>offsetof(type, a.b[2])</c>: the member path as names and index expressions.</summary>
public sealed record OffsetofExpression(SourceLocation Location, TypeSyntax Type, ImmutableArray<DesignatorSyntax> Path) : ExpressionSyntax(Location);

/// <summary><c>container_of(ptr, type, member)</c>.</summary>
public sealed record ContainerOfExpression(SourceLocation Location, ExpressionSyntax Pointer, TypeSyntax Type, ImmutableArray<DesignatorSyntax> Path) : ExpressionSyntax(Location);

/// <summary>A GNU statement expression <c>({ ...; value; })</c>: its value is that of its last expression statement.</summary>
public sealed record StatementExpression(SourceLocation Location, BlockStatement Body) : ExpressionSyntax(Location);

/// <summary>A construct the parser recognised but the model language does not support (the binder reports <see cref="Message"/>).</summary>
public sealed record UnsupportedExpression(SourceLocation Location, string Message) : ExpressionSyntax(Location);

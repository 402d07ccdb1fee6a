using System.Collections.Immutable;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax.Ast;

public abstract record InitializerSyntax(SourceLocation Location) : SyntaxNode(Location);

public sealed record ExpressionInitializer(SourceLocation Location, ExpressionSyntax Expression) : InitializerSyntax(Location);

/// <summary><c>{ .a = 1, [2] = 5, 7 }</c>.</summary>
public sealed record InitializerList(SourceLocation Location, ImmutableArray<InitializerItem> Items) : InitializerSyntax(Location);

public sealed record InitializerItem(SourceLocation Location, ImmutableArray<DesignatorSyntax> Designators, InitializerSyntax Value) : SyntaxNode(Location);

/// <summary><c>.name</c> (Field set) or <c>[index]</c> (Index set).</summary>
public sealed record DesignatorSyntax(SourceLocation Location, string? Field, ExpressionSyntax? Index) : SyntaxNode(Location);

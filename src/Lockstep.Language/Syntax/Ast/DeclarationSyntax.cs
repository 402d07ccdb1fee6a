using System.Collections.Immutable;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax.Ast;

/// <summary>A declaration: specifiers and zero or more declarators (<c>struct s { ... };</c> has none).</summary>
public sealed record DeclarationSyntax(SourceLocation Location, DeclSpecifiers Specifiers, ImmutableArray<DeclaratorSyntax> Declarators) : SyntaxNode(Location);

/// <summary>One declared name with its full type and optional initializer.</summary>
public sealed record DeclaratorSyntax(SourceLocation Location, string Name, TypeSyntax Type, InitializerSyntax? Initializer) : SyntaxNode(Location);

public sealed record FunctionDefinitionSyntax(SourceLocation Location, DeclSpecifiers Specifiers, string Name, FunctionTypeSyntax Type, BlockStatement Body) : SyntaxNode(Location);

/// <summary><c>_Static_assert(expr, "message")</c> at file scope or in a block (checked by the binder).</summary>
public sealed record StaticAssertSyntax(SourceLocation Location, ExpressionSyntax Condition, string? Message) : SyntaxNode(Location);

/// <summary>The whole preprocessed model: declarations and function definitions in order.</summary>
public sealed record TranslationUnitSyntax(SourceLocation Location, ImmutableArray<SyntaxNode> Members) : SyntaxNode(Location);

using System.Collections.Immutable;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax.Ast;

[Flags]
public enum StorageClass { None = 0, Static = 1, Extern = 2, Typedef = 4, Inline = 8, Register = 16, Auto = 32, ThreadLocal = 64 }

/// <summary>Declaration specifiers: storage class, qualifiers and the base type specifier.</summary>
public sealed record DeclSpecifiers(SourceLocation Location, StorageClass Storage, bool IsConst, bool IsVolatile, TypeSpecifierSyntax Type) : SyntaxNode(Location);

/// <summary>The base type of a declaration.</summary>
public abstract record TypeSpecifierSyntax(SourceLocation Location) : SyntaxNode(Location);

/// <summary>Builtin type keywords in any order ("unsigned long int", "_Bool", "void", "char").</summary>
public sealed record BuiltinTypeSpecifier(SourceLocation Location, ImmutableArray<string> Keywords) : TypeSpecifierSyntax(Location);

/// <summary>A typedef name.</summary>
public sealed record NamedTypeSpecifier(SourceLocation Location, string Name) : TypeSpecifierSyntax(Location);

/// <summary>struct/union with an optional tag and optional member list (null: a reference to the tag).</summary>
public sealed record StructSpecifier(SourceLocation Location, bool IsUnion, string? Tag, ImmutableArray<FieldSyntax>? Fields) : TypeSpecifierSyntax(Location);

/// <summary>A struct member declaration. <see cref="BitWidth"/> is only for the "not supported" diagnostic.</summary>
public sealed record FieldSyntax(SourceLocation Location, string? Name, TypeSyntax Type, ExpressionSyntax? BitWidth) : SyntaxNode(Location);

public sealed record EnumSpecifier(SourceLocation Location, string? Tag, ImmutableArray<EnumeratorSyntax>? Enumerators) : TypeSpecifierSyntax(Location);

public sealed record EnumeratorSyntax(SourceLocation Location, string Name, ExpressionSyntax? Value) : SyntaxNode(Location);

/// <summary><c>typeof(expr)</c> or <c>typeof(type)</c> (GNU).</summary>
public sealed record TypeofSpecifier(SourceLocation Location, ExpressionSyntax? Expression, TypeSyntax? Type) : TypeSpecifierSyntax(Location);

/// <summary>A complete type: specifiers plus what the declarator derives from them.</summary>
public abstract record TypeSyntax(SourceLocation Location) : SyntaxNode(Location);

public sealed record SpecifiedType(SourceLocation Location, DeclSpecifiers Specifiers) : TypeSyntax(Location);

public sealed record PointerTypeSyntax(SourceLocation Location, TypeSyntax Element, bool IsConst) : TypeSyntax(Location);

/// <summary>An array; <see cref="Size"/> null for <c>[]</c>.</summary>
public sealed record ArrayTypeSyntax(SourceLocation Location, TypeSyntax Element, ExpressionSyntax? Size) : TypeSyntax(Location);

public sealed record FunctionTypeSyntax(SourceLocation Location, TypeSyntax Return, ImmutableArray<ParameterSyntax> Parameters, bool IsVariadic, bool HasPrototype) : TypeSyntax(Location);

public sealed record ParameterSyntax(SourceLocation Location, string? Name, TypeSyntax Type) : SyntaxNode(Location);

using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax;

/// <summary>A <c>#define</c>: object-like, or function-like with parameters (the last one variadic when <see cref="IsVariadic"/>).</summary>
public sealed record MacroDefinition(
    string Name,
    bool IsFunctionLike,
    IReadOnlyList<string> Parameters,
    bool IsVariadic,
    IReadOnlyList<Token> Body,
    SourceLocation Location);

using System.Collections.Immutable;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax;

/// <summary>
/// A preprocessing token. <see cref="Location"/> is where a diagnostic about it points: its own place in a file, or,
/// for a token produced by a macro expansion, the place of the macro's use. <see cref="HideSet"/> holds the macros
/// that must not expand it again (Prosser's algorithm).
/// </summary>
public sealed record Token(TokenKind Kind, string Text, SourceLocation Location, bool AtLineStart, bool SpaceBefore)
{
    public ImmutableHashSet<string> HideSet { get; init; } = ImmutableHashSet<string>.Empty;
    /// <summary>True for tokens produced by a macro expansion (never a directive).</summary>
    public bool FromMacro { get; init; }

    public bool Is(string punctuatorOrWord) => (Kind == TokenKind.Punctuator || Kind == TokenKind.Identifier) && Text == punctuatorOrWord;
    public bool IsPunct(string p) => Kind == TokenKind.Punctuator && Text == p;
    public bool IsIdentifier => Kind == TokenKind.Identifier;

    public override string ToString() => Text;
}

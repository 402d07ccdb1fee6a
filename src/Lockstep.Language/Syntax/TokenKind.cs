namespace Lockstep.Language.Syntax;

public enum TokenKind
{
    EndOfFile,
    Identifier,
    Number,
    CharLiteral,
    StringLiteral,
    Punctuator,
    /// <summary>A character the lexer does not know (reported; kept so that the preprocessor can skip it in dead code).</summary>
    Other,
}

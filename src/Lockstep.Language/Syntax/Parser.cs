using System.Collections.Immutable;
using Lockstep.Language.Diagnostics;
using Lockstep.Language.Syntax.Ast;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax;

/// <summary>
/// Recursive-descent parser from preprocessed tokens to the syntax tree. It tracks typedef names by scope (C's
/// declaration/expression ambiguity) and recovers from an error by skipping to the end of the declaration or statement.
/// </summary>
public sealed partial class Parser
{
    private const int MaxDepth = 1000;

    private static readonly HashSet<string> BuiltinTypeWords =
    [
        "void", "char", "short", "int", "long", "signed", "unsigned", "_Bool", "float", "double", "_Complex",
        "__int128", "__signed__", "__signed",
    ];

    private static readonly HashSet<string> StorageWords =
    [
        "typedef", "extern", "static", "inline", "__inline", "__inline__", "register", "auto", "_Thread_local",
        "__thread", "_Noreturn", "__extension__",
    ];

    private static readonly HashSet<string> QualifierWords =
    [
        "const", "volatile", "restrict", "__restrict", "__restrict__", "__volatile__", "__const", "__const__", "_Atomic",
    ];

    private static readonly HashSet<string> Keywords =
    [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
        "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
        "_Static_assert", "typeof", "__typeof__", "__typeof", "__attribute__", "asm", "__asm__", "__asm", "_Alignas",
        "_Alignof", "__alignof__", "_Noreturn", "_Generic", "_Atomic", "_Thread_local",
    ];

    /// <summary>Typedef names every model may use without a header (binder defines them the same way).</summary>
    public static readonly ImmutableArray<string> PredefinedTypedefs =
        ["bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "size_t", "ssize_t", "uintptr_t", "intptr_t", "gfp_t"];

    private readonly IReadOnlyList<Token> _tokens;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Dictionary<string, bool>> _typedefScopes = [];
    private int _pos;
    private int _depth;

    private sealed class ParseAbortException : Exception;

    public Parser(IReadOnlyList<Token> tokens, DiagnosticBag diagnostics)
    {
        _tokens = tokens.Count > 0 && tokens[^1].Kind == TokenKind.EndOfFile ? tokens
            : [.. tokens, new Token(TokenKind.EndOfFile, "", tokens.Count > 0 ? tokens[^1].Location : SourceLocation.None, true, false)];
        _diagnostics = diagnostics;
        var builtins = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var t in PredefinedTypedefs) builtins[t] = true;
        _typedefScopes.Add(builtins);
        _typedefScopes.Add(new Dictionary<string, bool>(StringComparer.Ordinal));
    }

    public static TranslationUnitSyntax Parse(IReadOnlyList<Token> tokens, DiagnosticBag diagnostics) => new Parser(tokens, diagnostics).ParseTranslationUnit();

    private Token Current => _tokens[_pos];
    private Token PeekAt(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];
    private bool AtEnd => Current.Kind == TokenKind.EndOfFile;

    private Token Next()
    {
        var t = _tokens[_pos];
        if (_pos < _tokens.Count - 1) _pos++;
        return t;
    }

    private bool Is(string text) => (Current.Kind is TokenKind.Punctuator or TokenKind.Identifier) && Current.Text == text;
    private bool IsAt(int ahead, string text) => PeekAt(ahead) is { Kind: TokenKind.Punctuator or TokenKind.Identifier } t && t.Text == text;

    private bool Accept(string text)
    {
        if (!Is(text)) return false;
        Next();
        return true;
    }

    private Token Expect(string text)
    {
        if (Is(text)) return Next();
        throw Error(Current, $"expected '{text}'{Describe(Current)}");
    }

    private static string Describe(Token t) => t.Kind == TokenKind.EndOfFile ? " at end of input" : $" before '{t.Text}'";

    private Exception Error(Token at, string message) => Error(at.Location, message);

    private Exception Error(SourceLocation at, string message)
    {
        _diagnostics.Error(at, message);
        return new ParseAbortException();
    }

    private void Enter(Token at)
    {
        if (++_depth > MaxDepth) throw Error(at, "expression or statement nested too deeply");
    }

    private void Leave() => _depth--;

    private void PushScope() => _typedefScopes.Add(new Dictionary<string, bool>(StringComparer.Ordinal));
    private void PopScope() => _typedefScopes.RemoveAt(_typedefScopes.Count - 1);

    private void DeclareName(string name, bool isTypedef) => _typedefScopes[^1][name] = isTypedef;

    private bool IsTypedefName(string name)
    {
        for (var i = _typedefScopes.Count - 1; i >= 0; i--)
            if (_typedefScopes[i].TryGetValue(name, out var isTypedef)) return isTypedef;
        return false;
    }

    /// <summary>Does the token start a type name / declaration specifiers?</summary>
    private bool StartsType(Token t)
    {
        if (t.Kind != TokenKind.Identifier) return false;
        var s = t.Text;
        return BuiltinTypeWords.Contains(s) || StorageWords.Contains(s) || QualifierWords.Contains(s)
            || s is "struct" or "union" or "enum" or "typeof" or "__typeof__" or "__typeof" or "__attribute__" or "_Alignas"
            || IsTypedefName(s);
    }

    private void SkipAttributes()
    {
        while (Is("__attribute__") || Is("__attribute"))
        {
            Next();
            SkipBalancedParens();
        }
    }

    private void SkipBalancedParens()
    {
        var open = Expect("(");
        var depth = 1;
        while (depth > 0)
        {
            if (AtEnd) throw Error(open, "expected ')' to match this '('");
            var t = Next();
            if (t.IsPunct("(")) depth++;
            else if (t.IsPunct(")")) depth--;
        }
    }

    public TranslationUnitSyntax ParseTranslationUnit()
    {
        var members = ImmutableArray.CreateBuilder<SyntaxNode>();
        var start = Current.Location;
        while (!AtEnd && !_diagnostics.IsFull)
        {
            var before = _pos;
            try
            {
                if (Accept(";")) continue;
                ParseExternalDeclaration(members);
            }
            catch (ParseAbortException)
            {
                _depth = 0;
                while (_typedefScopes.Count > 2) PopScope();
                SkipToTopLevel(before);
            }
        }
        return new TranslationUnitSyntax(start, members.ToImmutable());
    }

    /// <summary>Skips to the token after the ';' or '}' that ends the broken top-level declaration.</summary>
    private void SkipToTopLevel(int startedAt)
    {
        if (_pos == startedAt) Next();
        var depth = 0;
        // Recount braces from the start of the declaration so that a function body is skipped as a whole.
        var resume = _pos;
        _pos = startedAt;
        while (!AtEnd)
        {
            var t = Next();
            if (t.IsPunct("{")) depth++;
            else if (t.IsPunct("}")) { depth--; if (depth <= 0 && _pos >= resume) { if (Is(";")) Next(); return; } }
            else if (t.IsPunct(";") && depth <= 0 && _pos >= resume) return;
            if (depth < 0) depth = 0;
        }
    }
}

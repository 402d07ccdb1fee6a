using Lockstep.Language.Diagnostics;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax;

/// <summary>Turns one file's text into preprocessing tokens (identifiers, pp-numbers, character and string literals, punctuators).</summary>
public sealed class Lexer
{
    private static readonly string[] Punctuators =
    [
        ">>=", "<<=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##",
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "=", "?", ":", ";", ",", ".",
        "(", ")", "[", "]", "{", "}", "#",
    ];

    private readonly string _text;
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public Lexer(string file, string text, DiagnosticBag diagnostics, int firstLine = 1, int firstColumn = 1)
    {
        _file = file;
        _text = text;
        _diagnostics = diagnostics;
        _line = firstLine;
        _lineStart = -(firstColumn - 1);
    }

    public static List<Token> Tokenize(string file, string text, DiagnosticBag diagnostics)
        => new Lexer(file, text, diagnostics).Run();

    public List<Token> Run()
    {
        var tokens = new List<Token>();
        var atLineStart = true;
        while (true)
        {
            var space = SkipTrivia(ref atLineStart);
            if (_pos >= _text.Length) break;
            var start = _pos;
            var location = new SourceLocation(_file, _line, _pos - _lineStart + 1);
            var kind = LexOne(location);
            tokens.Add(new Token(kind, _text.Substring(start, _pos - start), location, atLineStart, space));
            atLineStart = false;
        }
        return tokens;
    }

    private bool SkipTrivia(ref bool atLineStart)
    {
        var space = false;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n') { NewLine(); atLineStart = true; space = true; continue; }
            if (c is ' ' or '\t' or '\r' or '\f' or '\v') { _pos++; space = true; continue; }
            if (c == '\\' && Peek(1) == '\n') { _pos++; NewLine(); space = true; continue; }
            if (c == '\\' && Peek(1) == '\r' && Peek(2) == '\n') { _pos += 2; NewLine(); space = true; continue; }
            if (c == '/' && Peek(1) == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
                space = true;
                continue;
            }
            if (c == '/' && Peek(1) == '*')
            {
                var at = new SourceLocation(_file, _line, _pos - _lineStart + 1);
                _pos += 2;
                var closed = false;
                while (_pos < _text.Length)
                {
                    if (_text[_pos] == '*' && Peek(1) == '/') { _pos += 2; closed = true; break; }
                    if (_text[_pos] == '\n') NewLine(); else _pos++;
                }
                if (!closed) _diagnostics.Error(at, "unterminated /* comment");
                space = true;
                continue;
            }
            break;
        }
        return space;
    }

    private void NewLine()
    {
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_' || c == '$';
    private static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$';

    private TokenKind LexOne(SourceLocation location)
    {
        var c = _text[_pos];
        if (IsIdentStart(c))
        {
            // Wide and unicode literal prefixes.
            if ((c is 'L' or 'u' or 'U') && (Peek(1) is '"' or '\''))
            {
                _pos++;
                return _text[_pos] == '"' ? LexQuoted('"', location) : LexQuoted('\'', location);
            }
            while (_pos < _text.Length && IsIdentPart(_text[_pos])) _pos++;
            return TokenKind.Identifier;
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            _pos++;
            while (_pos < _text.Length)
            {
                var d = _text[_pos];
                if ((d is 'e' or 'E' or 'p' or 'P') && (Peek(1) is '+' or '-')) { _pos += 2; continue; }
                if (IsIdentPart(d) || d == '.') { _pos++; continue; }
                break;
            }
            return TokenKind.Number;
        }
        if (c == '"') return LexQuoted('"', location);
        if (c == '\'') return LexQuoted('\'', location);
        foreach (var p in Punctuators)
        {
            if (string.CompareOrdinal(_text, _pos, p, 0, p.Length) == 0)
            {
                _pos += p.Length;
                return TokenKind.Punctuator;
            }
        }
        _pos++;
        if (char.IsHighSurrogate(c) && _pos < _text.Length && char.IsLowSurrogate(_text[_pos])) _pos++;
        return TokenKind.Other;
    }

    private TokenKind LexQuoted(char quote, SourceLocation location)
    {
        _pos++;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                _diagnostics.Error(location, quote == '"' ? "missing terminating '\"' character" : "missing terminating ' character");
                break;
            }
            var c = _text[_pos];
            if (c == '\\' && _pos + 1 < _text.Length && _text[_pos + 1] != '\n') { _pos += 2; continue; }
            _pos++;
            if (c == quote) break;
        }
        return quote == '"' ? TokenKind.StringLiteral : TokenKind.CharLiteral;
    }
}

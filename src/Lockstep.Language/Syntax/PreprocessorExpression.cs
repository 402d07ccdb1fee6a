namespace Lockstep.Language.Syntax;

/// <summary>
/// Evaluates the integer constant expression of <c>#if</c>/<c>#elif</c> after <c>defined</c> and macros are replaced
/// (remaining identifiers are 0). Arithmetic is 64-bit.
/// </summary>
public sealed class PreprocessorExpression
{
    private readonly IReadOnlyList<Token> _tokens;
    private int _pos;
    private string? _error;
    private Token? _errorToken;

    private PreprocessorExpression(IReadOnlyList<Token> tokens) => _tokens = tokens;

    /// <summary>Returns the value, or null with <paramref name="error"/> set (and the token it concerns, if any).</summary>
    public static long? Evaluate(IReadOnlyList<Token> tokens, out string? error, out Token? at)
    {
        var e = new PreprocessorExpression(tokens);
        error = null;
        at = null;
        if (tokens.Count == 0) { error = "expected value in expression"; return null; }
        var v = e.Conditional(0);
        if (e._error is null && e._pos < tokens.Count) e.Fail($"token is not a valid binary operator in a preprocessor subexpression", tokens[e._pos]);
        if (e._error is not null) { error = e._error; at = e._errorToken; return null; }
        return v;
    }

    private long Fail(string message, Token? at)
    {
        if (_error is null) { _error = message; _errorToken = at; }
        _pos = _tokens.Count;
        return 0;
    }

    private Token? Peek => _pos < _tokens.Count ? _tokens[_pos] : null;
    private bool Accept(string p)
    {
        if (Peek is { Kind: TokenKind.Punctuator } t && t.Text == p) { _pos++; return true; }
        return false;
    }

    private long Conditional(int depth)
    {
        if (depth > 200) return Fail("preprocessor expression nested too deeply", Peek);
        var c = Binary(0, depth);
        if (!Accept("?")) return c;
        var a = Conditional(depth + 1);
        if (!Accept(":")) return Fail("expected ':' in preprocessor conditional", Peek);
        var b = Conditional(depth + 1);
        return c != 0 ? a : b;
    }

    private static int Precedence(string op) => op switch
    {
        "||" => 1, "&&" => 2, "|" => 3, "^" => 4, "&" => 5, "==" or "!=" => 6,
        "<" or ">" or "<=" or ">=" => 7, "<<" or ">>" => 8, "+" or "-" => 9, "*" or "/" or "%" => 10, _ => -1,
    };

    private long Binary(int minPrec, int depth)
    {
        var left = Unary(depth);
        while (Peek is { Kind: TokenKind.Punctuator } t && Precedence(t.Text) > minPrec)
        {
            var prec = Precedence(t.Text);
            _pos++;
            var right = Binary(prec, depth + 1);
            unchecked
            {
                left = t.Text switch
                {
                    "||" => (left != 0 || right != 0) ? 1 : 0,
                    "&&" => (left != 0 && right != 0) ? 1 : 0,
                    "|" => left | right, "^" => left ^ right, "&" => left & right,
                    "==" => left == right ? 1 : 0, "!=" => left != right ? 1 : 0,
                    "<" => left < right ? 1 : 0, ">" => left > right ? 1 : 0,
                    "<=" => left <= right ? 1 : 0, ">=" => left >= right ? 1 : 0,
                    "<<" => left << (int)(right & 63), ">>" => left >> (int)(right & 63),
                    "+" => left + right, "-" => left - right, "*" => left * right,
                    "/" => right == 0 ? Fail("division by zero in preprocessor expression", t) : (right == -1 ? -left : left / right),
                    "%" => right == 0 ? Fail("division by zero in preprocessor expression", t) : (right == -1 ? 0 : left % right),
                    _ => left,
                };
            }
        }
        return left;
    }

    private long Unary(int depth)
    {
        if (depth > 200) return Fail("preprocessor expression nested too deeply", Peek);
        var t = Peek;
        if (t is null) return Fail("expected value in expression", _tokens.Count > 0 ? _tokens[^1] : null);
        _pos++;
        if (t.Kind == TokenKind.Punctuator)
        {
            switch (t.Text)
            {
                case "+": return Unary(depth + 1);
                case "-": return unchecked(-Unary(depth + 1));
                case "~": return ~Unary(depth + 1);
                case "!": return Unary(depth + 1) == 0 ? 1 : 0;
                case "(":
                {
                    var v = Conditional(depth + 1);
                    if (!Accept(")")) return Fail("expected ')' in preprocessor expression", Peek);
                    return v;
                }
            }
            return Fail("invalid token at start of a preprocessor expression", t);
        }
        if (t.Kind == TokenKind.Number)
        {
            var err = Literals.TryParseInteger(t.Text, out var v);
            return err is null ? unchecked((long)v.Value) : Fail(err, t);
        }
        if (t.Kind == TokenKind.CharLiteral)
        {
            var err = Literals.TryParseChar(t.Text, out var v);
            return err is null ? v : Fail(err, t);
        }
        if (t.Kind == TokenKind.Identifier) return t.Text == "true" ? 1 : 0;
        return Fail("invalid token at start of a preprocessor expression", t);
    }
}

using System.Text;

namespace Lockstep.Language.Syntax;

/// <summary>The value of an integer literal and what its suffix and base make its type.</summary>
public readonly record struct IntegerLiteralValue(ulong Value, bool Unsigned, bool Long, bool Decimal);

/// <summary>Decoding of C literals (integer with base and suffix, character, string).</summary>
public static class Literals
{
    /// <summary>Parses a pp-number as an integer literal; returns an error message (or null) instead of throwing.</summary>
    public static string? TryParseInteger(string text, out IntegerLiteralValue value)
    {
        value = default;
        var s = text.ToLowerInvariant();
        var isHex = s.StartsWith("0x");
        var isBin = s.StartsWith("0b");
        if (!isHex && (s.Contains('.') || s.Contains('e') || s.EndsWith('f')))
            return "floating-point literals are not supported; the model language has integers only (scale to an integer unit)";
        if (isHex && (s.Contains('.') || s.Contains('p')))
            return "floating-point literals are not supported; the model language has integers only (scale to an integer unit)";
        var end = s.Length;
        var unsignedSuffix = false;
        var longSuffix = false;
        while (end > 0 && (s[end - 1] is 'u' or 'l'))
        {
            if (s[end - 1] == 'u') { if (unsignedSuffix) return $"invalid suffix '{text[end..]}' on integer constant"; unsignedSuffix = true; }
            else longSuffix = true;
            end--;
        }
        if (text.Length - end > 3) return $"invalid suffix '{text[end..]}' on integer constant";
        var start = isHex || isBin ? 2 : 0;
        var radix = isHex ? 16 : isBin ? 2 : (s.Length > 1 && s[0] == '0' ? 8 : 10);
        if (start >= end) return $"invalid integer constant '{text}'";
        ulong v = 0;
        for (var i = start; i < end; i++)
        {
            var c = s[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
            if (d >= radix)
            {
                if (radix == 10 || radix == 16) return $"invalid suffix '{text[i..]}' on integer constant";
                return $"invalid digit '{text[i]}' in {(radix == 8 ? "octal" : "binary")} constant";
            }
            // Checked before the multiply: 18446744073709551617 must not wrap to 1.
            if (v > (ulong.MaxValue - (ulong)d) / (ulong)radix) return $"integer literal '{text}' is too large for any integer type (the largest is 18446744073709551615)";
            v = v * (ulong)radix + (ulong)d;
        }
        value = new IntegerLiteralValue(v, unsignedSuffix, longSuffix, radix == 10);
        return null;
    }

    /// <summary>Decodes the body of a character or string literal (without quotes), C escapes included.</summary>
    public static string? TryDecode(string body, out string decoded)
    {
        var sb = new StringBuilder();
        decoded = "";
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\') { sb.Append(c); continue; }
            if (++i >= body.Length) return "incomplete escape sequence";
            c = body[i];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'e': sb.Append('\x1b'); break;
                case '\\': case '\'': case '"': case '?': sb.Append(c); break;
                case 'x':
                {
                    var v = 0;
                    var n = 0;
                    while (i + 1 < body.Length && Uri.IsHexDigit(body[i + 1]) && n < 8) { v = v * 16 + Convert.ToInt32(body[i + 1].ToString(), 16); i++; n++; }
                    if (n == 0) return "\\x used with no following hex digits";
                    sb.Append((char)(v & 0xFF));
                    break;
                }
                default:
                    if (c >= '0' && c <= '7')
                    {
                        var v = c - '0';
                        var n = 1;
                        while (i + 1 < body.Length && body[i + 1] >= '0' && body[i + 1] <= '7' && n < 3) { v = v * 8 + (body[i + 1] - '0'); i++; n++; }
                        sb.Append((char)(v & 0xFF));
                        break;
                    }
                    return $"unknown escape sequence '\\{c}'";
            }
        }
        decoded = sb.ToString();
        return null;
    }

    /// <summary>The value of a character literal token such as <c>'a'</c> or <c>'\n'</c> (type int, char is signed).</summary>
    public static string? TryParseChar(string text, out long value)
    {
        value = 0;
        var q = text.IndexOf('\'');
        if (q < 0 || text.Length < q + 2 || text[^1] != '\'') return "missing terminating ' character";
        if (q > 0) return "wide character literals are not supported; use a plain 'c' character literal";
        var err = TryDecode(text[(q + 1)..^1], out var s);
        if (err is not null) return err;
        if (s.Length == 0) return "empty character constant";
        if (s.Length > 1) return "multi-character character constants are not supported";
        value = (sbyte)(byte)s[0];
        return null;
    }

    /// <summary>The value of a string literal token.</summary>
    public static string? TryParseString(string text, out string value)
    {
        value = "";
        if (text.Length < 2 || text[^1] != '"') return "missing terminating '\"' character";
        if (text[0] != '"') return "wide string literals are not supported; use a plain \"...\" string";
        return TryDecode(text[1..^1], out value);
    }

    /// <summary>A string as a C string literal token (for stringification and __FILE__).</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c is '"' or '\\') sb.Append('\\');
            if (c == '\n') { sb.Append("\\n"); continue; }
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}

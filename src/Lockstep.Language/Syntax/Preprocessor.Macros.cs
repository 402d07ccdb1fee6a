using System.Collections.Immutable;
using System.Globalization;
using Lockstep.Language.Diagnostics;

namespace Lockstep.Language.Syntax;

public sealed partial class Preprocessor
{
    /// <summary>Fully macro-expands a token list in isolation (macro arguments, #if and #include lines).</summary>
    private List<Token> ExpandList(List<Token> tokens)
    {
        var saved = _input;
        _input = new List<Token>(tokens.Count);
        PushBack(tokens);
        var result = new List<Token>();
        while (_input.Count > 0)
        {
            var t = Pop();
            if (t.Kind == TokenKind.Identifier && TryExpand(t)) continue;
            result.Add(t);
        }
        _input = saved;
        return result;
    }

    /// <summary>Expands <paramref name="tok"/> if it names a macro that may expand here; pushes the result back on the input.</summary>
    private bool TryExpand(Token tok)
    {
        switch (tok.Text)
        {
            case "__FILE__":
                _input.Add(tok with { Kind = TokenKind.StringLiteral, Text = Literals.Quote(tok.Location.File), FromMacro = true });
                return true;
            case "__LINE__":
                _input.Add(tok with { Kind = TokenKind.Number, Text = tok.Location.Line.ToString(CultureInfo.InvariantCulture), FromMacro = true });
                return true;
        }
        if (!_macros.TryGetValue(tok.Text, out var macro) || tok.HideSet.Contains(tok.Text)) return false;
        if (_expandedTokens > MaxExpandedTokens)
        {
            if (!_expansionBudgetReported)
                _diagnostics.Error(tok.Location, "macro expansion produces too many tokens (is a macro recursive through another?)");
            _expansionBudgetReported = true;
            return false;
        }
        if (!macro.IsFunctionLike)
        {
            var hs = tok.HideSet.Add(macro.Name);
            var body = Substitute(macro, [], _ => [], tok, hs);
            _expandedTokens += body.Count;
            PushBack(body);
            return true;
        }
        if (Peek() is not { } open || !open.IsPunct("(")) return false;
        Pop();
        var args = ReadArguments(tok, macro, out var close);
        if (args is null) return true;
        var hideSet = Intersect(tok.HideSet, close.HideSet).Add(macro.Name);
        // An argument is macro-expanded only if its parameter is used outside # and ## (as in C: an unused
        // argument, such as the lockdep condition of hlist_for_each_entry_rcu, is never expanded).
        var expanded = new List<Token>?[args.Count];
        List<Token> Expanded(int i) => expanded[i] ??= ExpandList(args[i]);
        var result = Substitute(macro, args, Expanded, tok, hideSet);
        _expandedTokens += result.Count;
        PushBack(result);
        return true;
    }

    private List<List<Token>>? ReadArguments(Token name, MacroDefinition macro, out Token close)
    {
        var args = new List<List<Token>>();
        var current = new List<Token>();
        var depth = 0;
        close = name;
        while (true)
        {
            if (_input.Count == 0 || Peek()!.Kind == TokenKind.EndOfFile)
            {
                _diagnostics.Error(name.Location, $"unterminated function-like macro invocation '{macro.Name}'");
                return null;
            }
            var t = Pop();
            if (t.IsPunct("#") && t.AtLineStart && !t.FromMacro)
            {
                // A directive inside macro arguments: not supported, keep the input consistent.
                _diagnostics.Error(t.Location, $"directives inside the arguments of macro '{macro.Name}' are not supported");
            }
            if (depth == 0 && t.IsPunct(")")) { close = t; args.Add(current); break; }
            if (depth == 0 && t.IsPunct(",") && !(macro.IsVariadic && args.Count == macro.Parameters.Count - 1))
            {
                args.Add(current);
                current = [];
                continue;
            }
            if (t.IsPunct("(")) depth++;
            else if (t.IsPunct(")")) depth--;
            current.Add(t);
        }
        var expected = macro.Parameters.Count;
        if (expected == 0 && args.Count == 1 && args[0].Count == 0) return [];
        if (macro.IsVariadic && args.Count == expected - 1) args.Add([]);
        if (args.Count < expected)
        {
            _diagnostics.Error(close.Location, $"too few arguments provided to function-like macro invocation '{macro.Name}' (expected {expected}, have {args.Count})");
            return null;
        }
        if (args.Count > expected)
        {
            _diagnostics.Error(close.Location, $"too many arguments provided to function-like macro invocation '{macro.Name}' (expected {expected}, have {args.Count})");
            return null;
        }
        return args;
    }

    private List<Token> Substitute(MacroDefinition macro, List<List<Token>> raw, Func<int, List<Token>> expanded, Token use, ImmutableHashSet<string> hideSet)
    {
        var body = macro.Body;
        var result = new List<Token>();
        int ParamIndex(Token t) => t.Kind == TokenKind.Identifier && macro.IsFunctionLike ? IndexOf(macro.Parameters, t.Text) : -1;
        // Tokens taken from arguments keep their own hide sets; tokens from the body get the use's location.
        Token FromBody(Token t) => t with { Location = use.Location, AtLineStart = false, FromMacro = true };
        for (var i = 0; i < body.Count; i++)
        {
            var t = body[i];
            // # param: stringify the unexpanded argument.
            if (t.IsPunct("#") && macro.IsFunctionLike && i + 1 < body.Count && ParamIndex(body[i + 1]) is var si && si >= 0)
            {
                var text = Literals.Quote(Spell(raw[si]));
                result.Add(new Token(TokenKind.StringLiteral, text, use.Location, false, t.SpaceBefore) { FromMacro = true });
                i++;
                continue;
            }
            // GNU: , ## __VA_ARGS__ drops the comma when the variadic arguments are empty.
            if (t.IsPunct(",") && i + 2 < body.Count && body[i + 1].IsPunct("##") && macro.IsVariadic
                && ParamIndex(body[i + 2]) == macro.Parameters.Count - 1)
            {
                var va = raw[macro.Parameters.Count - 1];
                if (va.Count > 0) { result.Add(FromBody(t)); result.AddRange(va.Select(a => a with { Location = use.Location, FromMacro = true })); }
                i += 2;
                continue;
            }
            if (t.IsPunct("##") && i + 1 < body.Count)
            {
                var rhsTok = body[i + 1];
                var pi = ParamIndex(rhsTok);
                var rhs = pi >= 0 ? raw[pi].Select(a => a with { Location = use.Location, FromMacro = true }).ToList() : [FromBody(rhsTok)];
                i++;
                if (rhs.Count == 0) continue;
                if (result.Count == 0) { result.AddRange(rhs); continue; }
                var lhs = result[^1];
                var pasted = Paste(lhs, rhs[0], use);
                result[^1] = pasted;
                result.AddRange(rhs.Skip(1));
                continue;
            }
            var p = ParamIndex(t);
            if (p >= 0)
            {
                // An operand of ## is substituted unexpanded.
                var nextIsPaste = i + 1 < body.Count && body[i + 1].IsPunct("##");
                var source = nextIsPaste ? raw[p] : expanded(p);
                var first = true;
                foreach (var a in source)
                {
                    result.Add(a with { Location = use.Location, AtLineStart = false, FromMacro = true, SpaceBefore = first ? t.SpaceBefore : a.SpaceBefore });
                    first = false;
                }
                continue;
            }
            result.Add(FromBody(t));
        }
        for (var i = 0; i < result.Count; i++)
        {
            var hs = result[i].HideSet;
            if (ReferenceEquals(hs, hideSet) || hs.IsSupersetOf(hideSet)) continue;
            result[i] = result[i] with { HideSet = hs.IsEmpty || hideSet.IsSupersetOf(hs) ? hideSet : hs.Union(hideSet) };
        }
        if (result.Count > 0) result[0] = result[0] with { SpaceBefore = use.SpaceBefore };
        return result;
    }

    private Token Paste(Token lhs, Token rhs, Token use)
    {
        var text = lhs.Text + rhs.Text;
        var bag = new DiagnosticBag();
        var tokens = new Lexer(use.Location.File, text, bag).Run();
        if (tokens.Count != 1 || bag.HasErrors)
        {
            _diagnostics.Error(use.Location, $"pasting formed '{text}', an invalid preprocessing token");
            return lhs;
        }
        return tokens[0] with { Location = use.Location, AtLineStart = false, SpaceBefore = lhs.SpaceBefore, FromMacro = true, HideSet = lhs.HideSet };
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return i;
        return -1;
    }
}

using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax;

public sealed partial class Preprocessor
{
    private void Directive(Token hash)
    {
        var nameTok = Peek();
        if (nameTok is null || nameTok.AtLineStart || nameTok.Kind == TokenKind.EndOfFile) return; // null directive
        if (nameTok.Kind == TokenKind.Number) { ReadLine(); return; } // linemarker
        Pop();
        var line = ReadLine();
        switch (nameTok.Text)
        {
            case "include":
            case "include_next":
                Include(nameTok, line);
                break;
            case "define": DefineDirective(nameTok, line); break;
            case "undef":
                if (line.Count == 0 || line[0].Kind != TokenKind.Identifier) _diagnostics.Error(nameTok.Location, "macro name must be an identifier");
                else _macros.Remove(line[0].Text);
                break;
            case "if":
            {
                var taken = EvaluateCondition(nameTok, line);
                _conditionals.Add(new ConditionalFrame(hash.Location, taken, _includeDepth));
                if (!taken) SkipConditional();
                break;
            }
            case "ifdef":
            case "ifndef":
            {
                var defined = false;
                if (line.Count == 0 || line[0].Kind != TokenKind.Identifier) _diagnostics.Error(nameTok.Location, "macro name must be an identifier");
                else defined = _macros.ContainsKey(line[0].Text);
                var taken = nameTok.Text == "ifdef" ? defined : !defined;
                _conditionals.Add(new ConditionalFrame(hash.Location, taken, _includeDepth));
                if (!taken) SkipConditional();
                break;
            }
            case "elif":
            case "elifdef":
            case "elifndef":
            {
                var frame = CurrentFrame(nameTok);
                if (frame is null) break;
                if (frame.SeenElse) _diagnostics.Error(nameTok.Location, "#elif after #else");
                if (frame.Taken) { SkipConditional(); break; }
                bool taken;
                if (nameTok.Text == "elif") taken = EvaluateCondition(nameTok, line);
                else
                {
                    var d = line.Count > 0 && line[0].Kind == TokenKind.Identifier && _macros.ContainsKey(line[0].Text);
                    taken = nameTok.Text == "elifdef" ? d : !d;
                }
                if (taken) frame.Taken = true; else SkipConditional();
                break;
            }
            case "else":
            {
                var frame = CurrentFrame(nameTok);
                if (frame is null) break;
                if (frame.SeenElse) _diagnostics.Error(nameTok.Location, "#else after #else");
                frame.SeenElse = true;
                if (frame.Taken) SkipConditional(); else frame.Taken = true;
                break;
            }
            case "endif":
                if (CurrentFrame(nameTok) is not null) _conditionals.RemoveAt(_conditionals.Count - 1);
                break;
            case "error":
                _diagnostics.Error(hash.Location, "#error " + Spell(line));
                break;
            case "warning":
                _diagnostics.Warning(hash.Location, "#warning " + Spell(line));
                break;
            case "pragma":
                if (line.Count > 0 && line[0].Text == "once") _pragmaOnce.Add(hash.Location.File);
                break;
            case "line":
            case "ident":
            case "sccs":
                break;
            default:
                _diagnostics.Error(nameTok.Location, $"invalid preprocessing directive '#{nameTok.Text}'");
                break;
        }
    }

    private ConditionalFrame? CurrentFrame(Token directive)
    {
        if (_conditionals.Count == 0 || _conditionals[^1].IncludeDepth != _includeDepth)
        {
            _diagnostics.Error(directive.Location, $"#{directive.Text} without #if");
            return null;
        }
        return _conditionals[^1];
    }

    /// <summary>Skips tokens up to the #elif/#else/#endif that belongs to the current conditional (left unread).</summary>
    private void SkipConditional()
    {
        var depth = 0;
        while (_input.Count > 0)
        {
            var t = Peek()!;
            if (t.Kind == TokenKind.EndOfFile) return;
            Pop();
            if (!(t.IsPunct("#") && t.AtLineStart) || Peek() is not { } name || name.AtLineStart) continue;
            switch (name.Text)
            {
                case "if":
                case "ifdef":
                case "ifndef":
                    depth++;
                    break;
                case "endif":
                    if (depth == 0) { _input.Add(t); return; }
                    depth--;
                    break;
                case "elif":
                case "elifdef":
                case "elifndef":
                case "else":
                    if (depth == 0) { _input.Add(t); return; }
                    break;
            }
        }
    }

    private bool EvaluateCondition(Token directive, List<Token> line)
    {
        // Replace defined X / defined(X) first, then expand macros, then the remaining identifiers are 0.
        var replaced = new List<Token>();
        for (var i = 0; i < line.Count; i++)
        {
            var t = line[i];
            if (t.Kind == TokenKind.Identifier && t.Text == "defined")
            {
                var paren = i + 1 < line.Count && line[i + 1].IsPunct("(");
                var ni = paren ? i + 2 : i + 1;
                if (ni >= line.Count || line[ni].Kind != TokenKind.Identifier)
                {
                    _diagnostics.Error(t.Location, "macro name must be an identifier");
                    return false;
                }
                if (paren && (ni + 1 >= line.Count || !line[ni + 1].IsPunct(")")))
                {
                    _diagnostics.Error(t.Location, "missing ')' after 'defined'");
                    return false;
                }
                replaced.Add(t with { Kind = TokenKind.Number, Text = _macros.ContainsKey(line[ni].Text) ? "1" : "0" });
                i = paren ? ni + 1 : ni;
                continue;
            }
            replaced.Add(t);
        }
        var expanded = ExpandList(replaced);
        var value = PreprocessorExpression.Evaluate(expanded, out var error, out var at);
        if (value is null)
        {
            _diagnostics.Error(at?.Location ?? directive.Location, line.Count == 0 ? $"#{directive.Text} with no expression" : error!);
            return false;
        }
        return value.Value != 0;
    }

    private void Include(Token directive, List<Token> line)
    {
        if (line.Count > 0 && line[0].Kind == TokenKind.Identifier) line = ExpandList(line);
        string name;
        bool quoted;
        if (line.Count >= 1 && line[0].Kind == TokenKind.StringLiteral && line[0].Text.Length >= 2 && line[0].Text[0] == '"')
        {
            name = line[0].Text[1..^1];
            quoted = true;
        }
        else if (line.Count >= 3 && line[0].IsPunct("<") && line.FindIndex(t => t.IsPunct(">")) is var close && close > 1)
        {
            name = string.Concat(line.Take(close).Skip(1).Select(t => t.Text));
            quoted = false;
        }
        else
        {
            _diagnostics.Error(directive.Location, "expected \"FILENAME\" or <FILENAME>");
            return;
        }
        var resolved = ResolveInclude(name, quoted, directive.Location.File);
        if (resolved is null)
        {
            _diagnostics.Error(line[0].Location, $"'{name}' file not found");
            return;
        }
        if (_pragmaOnce.Contains(resolved)) return;
        if (_includeDepth >= MaxIncludeDepth)
        {
            _diagnostics.Error(directive.Location, $"#include nested depth {MaxIncludeDepth} exceeds maximum of {MaxIncludeDepth}");
            return;
        }
        string text;
        try { text = _files.ReadAllText(resolved); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(line[0].Location, $"cannot read '{name}': {e.Message}");
            return;
        }
        PushFile(resolved, text);
        _includeDepth++;
    }

    private string? ResolveInclude(string name, bool quoted, string includingFile)
    {
        if (name.Length == 0) return null;
        if (name.StartsWith('/')) return _files.Exists(name) ? InMemoryFileProvider.Normalize(name) : null;
        if (quoted)
        {
            var dir = Path.GetDirectoryName(includingFile) ?? "";
            var candidate = InMemoryFileProvider.Normalize(dir.Length == 0 ? name : dir + "/" + name);
            if (_files.Exists(candidate)) return candidate;
        }
        foreach (var dir in _includeDirectories)
        {
            var candidate = InMemoryFileProvider.Normalize(dir.Length == 0 ? name : dir + "/" + name);
            if (_files.Exists(candidate)) return candidate;
        }
        return null;
    }

    private void DefineDirective(Token directive, List<Token> line)
    {
        if (line.Count == 0 || line[0].Kind != TokenKind.Identifier)
        {
            _diagnostics.Error(line.Count > 0 ? line[0].Location : directive.Location, "macro name must be an identifier");
            return;
        }
        var name = line[0];
        if (name.Text == "defined")
        {
            _diagnostics.Error(name.Location, "'defined' cannot be used as a macro name");
            return;
        }
        if (line.Count > 1 && line[1].IsPunct("(") && !line[1].SpaceBefore)
        {
            var parameters = new List<string>();
            var variadic = false;
            var i = 2;
            var ok = false;
            while (i < line.Count)
            {
                var t = line[i];
                if (t.IsPunct(")") && parameters.Count == 0 && !variadic) { ok = true; i++; break; }
                if (t.IsPunct("...")) { variadic = true; parameters.Add("__VA_ARGS__"); i++; }
                else if (t.Kind == TokenKind.Identifier)
                {
                    if (parameters.Contains(t.Text)) { _diagnostics.Error(t.Location, $"duplicate macro parameter name '{t.Text}'"); return; }
                    parameters.Add(t.Text);
                    i++;
                    if (i < line.Count && line[i].IsPunct("...")) { variadic = true; i++; }
                }
                else { _diagnostics.Error(t.Location, "invalid token in macro parameter list"); return; }
                if (i < line.Count && line[i].IsPunct(")")) { ok = true; i++; break; }
                if (variadic) { _diagnostics.Error(i < line.Count ? line[i].Location : t.Location, "missing ')' in macro parameter list"); return; }
                if (i < line.Count && line[i].IsPunct(",")) { i++; continue; }
                if (i >= line.Count) { _diagnostics.Error(t.Location with { Column = t.Location.Column + t.Text.Length }, "missing ')' in macro parameter list"); return; }
                _diagnostics.Error(i < line.Count ? line[i].Location : t.Location, "expected comma in macro parameter list");
                return;
            }
            if (!ok) { _diagnostics.Error(line[^1].Location, "missing ')' in macro parameter list"); return; }
            var body = line.Skip(i).ToList();
            for (var k = 0; k < body.Count; k++)
            {
                if (body[k].IsPunct("#") && (k + 1 >= body.Count || body[k + 1].Kind != TokenKind.Identifier || !parameters.Contains(body[k + 1].Text)))
                {
                    _diagnostics.Error(body[k].Location, "'#' is not followed by a macro parameter");
                    return;
                }
            }
            if (!CheckPasteEnds(body)) return;
            _macros[name.Text] = new MacroDefinition(name.Text, true, parameters, variadic, body, name.Location);
        }
        else
        {
            var body = line.Skip(1).ToList();
            if (!CheckPasteEnds(body)) return;
            _macros[name.Text] = new MacroDefinition(name.Text, false, [], false, body, name.Location);
        }
    }

    private bool CheckPasteEnds(List<Token> body)
    {
        if (body.Count == 0) return true;
        if (body[0].IsPunct("##")) { _diagnostics.Error(body[0].Location, "'##' cannot appear at start of macro expansion"); return false; }
        if (body[^1].IsPunct("##")) { _diagnostics.Error(body[^1].Location, "'##' cannot appear at end of macro expansion"); return false; }
        return true;
    }
}

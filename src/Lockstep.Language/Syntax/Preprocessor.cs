using System.Collections.Immutable;
using System.Text;
using Lockstep.Language.Diagnostics;
using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax;

/// <summary>
/// The C preprocessor: <c>#include</c> ("x" relative to the including file, then the include path; &lt;x&gt; on the
/// include path), object- and function-like macros with <c>#</c>, <c>##</c> and <c>__VA_ARGS__</c>, conditional
/// inclusion, <c>#pragma once</c>, <c>#error</c>. Macro expansion follows Prosser's hide-set algorithm; tokens produced
/// by an expansion carry the location of the macro's use.
/// </summary>
public sealed partial class Preprocessor
{
    private const int MaxIncludeDepth = 200;
    private const int MaxExpandedTokens = 500_000;

    private readonly ISourceFileProvider _files;
    private readonly SourceFiles _sources;
    private readonly DiagnosticBag _diagnostics;
    private readonly IReadOnlyList<string> _includeDirectories;
    private readonly Dictionary<string, MacroDefinition> _macros = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pragmaOnce = new(StringComparer.Ordinal);
    private readonly List<ConditionalFrame> _conditionals = [];
    private List<Token> _input = [];   // a stack: the next token is the last element
    private int _includeDepth;
    private int _expandedTokens;
    private bool _expansionBudgetReported;

    private sealed class ConditionalFrame(SourceLocation location, bool taken, int includeDepth)
    {
        public SourceLocation Location { get; } = location;
        public bool Taken { get; set; } = taken;
        public bool SeenElse { get; set; }
        public int IncludeDepth { get; } = includeDepth;
    }

    public Preprocessor(ISourceFileProvider files, SourceFiles sources, DiagnosticBag diagnostics, IReadOnlyList<string> includeDirectories)
    {
        _files = files;
        _sources = sources;
        _diagnostics = diagnostics;
        _includeDirectories = includeDirectories;
        Define("__LOCKSTEP__", "1");
        Define("__STDC__", "1");
        Define("__STDC_VERSION__", "201112L");
        Define("__linux__", "1");
        Define("__KERNEL__", "1");
    }

    public IReadOnlyDictionary<string, MacroDefinition> Macros => _macros;

    /// <summary>Defines an object-like macro as if by <c>-D name=value</c>.</summary>
    public void Define(string name, string value)
    {
        var at = new SourceLocation("<command line>", 1, 1);
        var body = new Lexer("<command line>", value, _diagnostics).Run();
        _macros[name] = new MacroDefinition(name, false, [], false, body, at);
    }

    public void Undefine(string name) => _macros.Remove(name);

    /// <summary>Preprocesses a main file (read through the provider unless <paramref name="text"/> is given). The result ends with an EndOfFile token.</summary>
    public List<Token> Run(string mainPath, string? text = null)
    {
        var output = new List<Token>();
        if (text is null)
        {
            if (!_files.Exists(mainPath))
            {
                _diagnostics.Error(new SourceLocation(mainPath, 1, 1), $"no such file: '{mainPath}'");
                output.Add(new Token(TokenKind.EndOfFile, "", new SourceLocation(mainPath, 1, 1), true, false));
                return output;
            }
            try { text = _files.ReadAllText(mainPath); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _diagnostics.Error(new SourceLocation(mainPath, 1, 1), $"cannot read '{mainPath}': {e.Message}");
                output.Add(new Token(TokenKind.EndOfFile, "", new SourceLocation(mainPath, 1, 1), true, false));
                return output;
            }
        }
        PushFile(mainPath, text);
        _includeDepth = 1;
        SourceLocation last = new(mainPath, 1, 1);
        while (_input.Count > 0)
        {
            var tok = Pop();
            if (tok.Kind == TokenKind.EndOfFile) { EndOfFile(tok); last = tok.Location; continue; }
            if (tok.IsPunct("#") && tok.AtLineStart && !tok.FromMacro) { Directive(tok); continue; }
            if (tok.Kind == TokenKind.Identifier && TryExpand(tok)) continue;
            output.Add(tok);
        }
        output.Add(new Token(TokenKind.EndOfFile, "", last, true, false));
        return output;
    }

    private void PushFile(string path, string text)
    {
        _sources.Add(new SourceText(path, text));
        var tokens = new Lexer(path, text, _diagnostics).Run();
        var end = tokens.Count > 0 ? tokens[^1].Location : new SourceLocation(path, 1, 1);
        _input.Add(new Token(TokenKind.EndOfFile, "", end, true, false));
        for (var i = tokens.Count - 1; i >= 0; i--) _input.Add(tokens[i]);
    }

    private void EndOfFile(Token sentinel)
    {
        while (_conditionals.Count > 0 && _conditionals[^1].IncludeDepth == _includeDepth)
        {
            _diagnostics.Error(_conditionals[^1].Location, "unterminated conditional directive");
            _conditionals.RemoveAt(_conditionals.Count - 1);
        }
        _includeDepth--;
    }

    private Token Pop()
    {
        var t = _input[^1];
        _input.RemoveAt(_input.Count - 1);
        return t;
    }

    private Token? Peek() => _input.Count > 0 ? _input[^1] : null;

    private void PushBack(IReadOnlyList<Token> tokens)
    {
        for (var i = tokens.Count - 1; i >= 0; i--) _input.Add(tokens[i]);
    }

    /// <summary>The rest of the current directive line.</summary>
    private List<Token> ReadLine()
    {
        var line = new List<Token>();
        while (Peek() is { } t && !t.AtLineStart && t.Kind != TokenKind.EndOfFile) line.Add(Pop());
        return line;
    }

    private static string Spell(IReadOnlyList<Token> tokens, int start = 0)
    {
        var sb = new StringBuilder();
        for (var i = start; i < tokens.Count; i++)
        {
            if (i > start && tokens[i].SpaceBefore) sb.Append(' ');
            sb.Append(tokens[i].Text);
        }
        return sb.ToString();
    }

    private static ImmutableHashSet<string> Intersect(ImmutableHashSet<string> a, ImmutableHashSet<string> b) => a.Intersect(b);
}

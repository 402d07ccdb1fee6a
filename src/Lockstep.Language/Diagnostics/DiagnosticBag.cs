using System.Collections;
using Lockstep.Language.Text;

namespace Lockstep.Language.Diagnostics;

/// <summary>Collects diagnostics during a compilation; caps the count so that a garbage input cannot flood the output.</summary>
public sealed class DiagnosticBag : IEnumerable<Diagnostic>
{
    public const int MaxErrors = 100;
    private readonly List<Diagnostic> _items = [];
    private readonly SourceFiles? _files;

    public DiagnosticBag(SourceFiles? files = null) => _files = files;

    public int ErrorCount { get; private set; }
    public bool HasErrors => ErrorCount > 0;
    public bool IsFull => ErrorCount >= MaxErrors;
    public int Count => _items.Count;

    public void Error(SourceLocation at, string message) => Add(DiagnosticSeverity.Error, at, message);

    public void Warning(SourceLocation at, string message) => Add(DiagnosticSeverity.Warning, at, message);

    public void Add(DiagnosticSeverity severity, SourceLocation at, string message)
    {
        if (severity == DiagnosticSeverity.Error)
        {
            if (IsFull) return;
            ErrorCount++;
        }
        // The same message at the same place once is enough (macro expansions can repeat an error).
        foreach (var d in _items)
            if (d.Line == at.Line && d.Column == at.Column && d.File == at.File && d.Message == message) { if (severity == DiagnosticSeverity.Error) ErrorCount--; return; }
        _items.Add(new Diagnostic(severity, at.File, at.Line, at.Column, message, _files?.LineText(at) ?? ""));
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) { _items.Add(d); if (d.IsError) ErrorCount++; }
    }

    public IReadOnlyList<Diagnostic> ToList() => _items.ToArray();
    public IEnumerator<Diagnostic> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

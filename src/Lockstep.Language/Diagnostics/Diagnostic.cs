using System.Text;
using Lockstep.Language.Text;

namespace Lockstep.Language.Diagnostics;

/// <summary>
/// One message about the model. <see cref="LineText"/> is the source line it points into (captured when reported).
/// <see cref="ToString"/> renders it like gcc/clang: <c>file:line:col: error: message</c>, the source line, and a caret.
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string File, int Line, int Column, string Message, string LineText = "")
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public SourceLocation Location => new(File, Line, Column);

    public string Header => $"{File}:{Line}:{Column}: {(IsError ? "error" : "warning")}: {Message}";

    public override string ToString()
    {
        if (LineText.Length == 0) return Header;
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n').Append(LineText).Append('\n');
        var caretColumn = Math.Max(1, Column);
        for (var i = 0; i < caretColumn - 1; i++)
            sb.Append(i < LineText.Length && LineText[i] == '\t' ? '\t' : ' ');
        sb.Append('^');
        return sb.ToString();
    }
}

using System.Runtime.InteropServices;

namespace Lockstep.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (what timeout, CI runners and systemd send) cancel the check instead of killing the
/// process, compilation included: the search stops, and the caller still prints the verdict so far, the statistics
/// and any bug, and writes the result files. A second signal is not intercepted, so it ends the process.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Interruption()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (_source.IsCancellationRequested) return;
                context.Cancel = true;
                _source.Cancel();
            }));
        }
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}

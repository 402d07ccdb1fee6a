using BenchmarkDotNet.Attributes;
using Lockstep.Checker;
using Lockstep.Exploration;
using Lockstep.Kernel;
using Lockstep.Language.Lowering;
using Lockstep.Machine.Execution;

namespace Lockstep.Bench;

/// <summary>
/// The hot paths in isolation (BenchmarkDotNet): one interpreter step of the seed model (decode, run to the next
/// visible operation, encode), hashing a state, and the fingerprint store. Run with
/// <c>dotnet run -c Release --project bench/Lockstep.Bench -- micro</c>.
/// </summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private MachineExecutor _machine = null!;
    private byte[] _state = [];
    private (int Thread, int Choice) _transition;
    private FingerprintStore _store = null!;
    private Fingerprint[] _fingerprints = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var model = Paths.Linux("kvm_oom.c");
        var primitives = new KernelPrimitives(new KernelConfig());
        var compiled = ModelCompilation.Compile(Checker.ModelSource.FromFile(model),
            new CheckOptions { IncludeDirectories = [Paths.Linux("include")], Defines = ["WITH_VCPU=0", "WITH_EXIT=0"] }, primitives);
        var program = compiled.Program ?? throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics));
        _machine = new MachineExecutor(new LoadedProgram(program, primitives));
        _machine.Initialize();
        _state = _machine.Encode().ToArray();
        var enabled = new List<(int, int)>();
        _machine.GetEnabled(enabled);
        _transition = enabled[0];
        _store = new FingerprintStore(64L << 20);
        var random = new Random(1);
        _fingerprints = new Fingerprint[1 << 16];
        for (var i = 0; i < _fingerprints.Length; i++)
            _fingerprints[i] = new Fingerprint((ulong)random.NextInt64(), (ulong)random.NextInt64());
    }

    [Benchmark(Description = "decode + step + encode (seed model)")]
    public int Step()
    {
        _machine.Load(_state);
        _machine.Step(_transition.Thread, _transition.Choice);
        return _machine.Encode().Length;
    }

    [Benchmark(Description = "XxHash128 of a seed state")]
    public ulong Hash() => Fingerprint.Of(_state).Low;

    [Benchmark(Description = "fingerprint store insert")]
    public InsertOutcome StoreInsert() => _store.TryAdd(_fingerprints[_next++ & (_fingerprints.Length - 1)]);
}

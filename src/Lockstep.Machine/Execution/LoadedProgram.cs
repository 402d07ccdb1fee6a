using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>An <see cref="IrProgram"/> with its intrinsic names resolved against a provider: what executors run.</summary>
public sealed class LoadedProgram
{
    public IrProgram Program { get; }
    public IIntrinsicProvider Provider { get; }
    public IIntrinsic[] Intrinsics { get; }

    public LoadedProgram(IrProgram program, IIntrinsicProvider provider)
    {
        Program = program;
        Provider = provider;
        Intrinsics = new IIntrinsic[program.Intrinsics.Count];
        for (var i = 0; i < Intrinsics.Length; i++)
            Intrinsics[i] = provider.Resolve(program.Intrinsics[i]);
    }

    public SourceSite? Site(int site) => site >= 0 && site < Program.Sites.Count ? Program.Sites[site] : null;

    public string StringAt(long value) =>
        Pointer.IsString(value) && Pointer.StringId(value) < Program.Strings.Count ? Program.Strings[Pointer.StringId(value)] : "";
}

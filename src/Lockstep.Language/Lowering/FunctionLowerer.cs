using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Symbols;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Text;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Lowering;

/// <summary>
/// Lowers one bound function to three-address IR over frame slots. Parameters are slots 0..P-1, then named locals,
/// intrinsic scratch slots and a pool of temporaries that is reused from one statement to the next (no temporary is
/// live across a statement boundary). Locals that are aggregates or whose address is taken live in frame objects
/// allocated in the prologue.
/// </summary>
internal sealed partial class FunctionLowerer
{
    private readonly LoweringContext _ctx;
    private readonly FunctionSymbol _fn;
    private readonly List<Instruction> _code = [];
    private readonly List<string?> _slotNames = [];
    private readonly List<int> _frameObjects = [];
    private readonly Dictionary<LocalSymbol, int> _slots = new(ReferenceEqualityComparer.Instance);
    private readonly List<int> _temps = [];
    private readonly List<Label> _labels = [];
    private readonly Dictionary<string, Label> _gotoLabels = new(StringComparer.Ordinal);
    private readonly Stack<Label> _breakTargets = new();
    private readonly Stack<Label> _continueTargets = new();
    private readonly Stack<Dictionary<BoundCase, Label>> _switchCases = new();
    private int _tempsUsed;
    private int _tempFloor;
    private int _site;

    public FunctionLowerer(LoweringContext ctx, FunctionSymbol fn)
    {
        _ctx = ctx;
        _fn = fn;
    }

    private SourceLocation FunctionLocation => _fn.DefinitionLocation;

    public IrFunction Lower()
    {
        _site = Site(FunctionLocation);
        foreach (var p in _fn.Parameters) _slots[p] = NewSlot(p.Name);
        // Parameters in memory get a frame object holding their value.
        foreach (var p in _fn.Parameters)
        {
            if (!p.InMemory) continue;
            var value = _slots[p];
            var obj = NewSlot(p.Name);
            Emit(OpCode.AllocLocal, a: obj, imm: Math.Max(1, p.Type.Cells));
            _frameObjects.Add(obj);
            var place = Place.Memory(obj, 0, !p.AddressTaken, _ctx.Classes.PathOf(new BoundLocal(p.Location, p), _fn.Name));
            Emit(OpCode.Store, sub: Flags(place.Private), a: obj, b: value, cls: place.LeafClass);
            _slots[p] = obj;
        }
        foreach (var l in _fn.Locals)
        {
            var slot = NewSlot(l.Name);
            _slots[l] = slot;
            if (l.InMemory)
            {
                Emit(OpCode.AllocLocal, a: slot, imm: Math.Max(1, l.Type.Cells));
                _frameObjects.Add(slot);
            }
        }
        LowerStatement(_fn.Body!);
        _site = Site(_fn.Body!.Location with { Line = _fn.Body.Location.Line });
        if (_fn.Type.Return.IsVoid) Emit(OpCode.Return, b: -1);
        else if (_fn.Name == "main")
        {
            var zero = NewSlot(null);
            Emit(OpCode.Const, a: zero, imm: 0);
            Emit(OpCode.Return, b: zero);
        }
        else Emit(OpCode.Trap, imm: _ctx.InternString($"control reached the end of non-void function '{_fn.Name}'"));
        foreach (var label in _labels)
        {
            var target = label.Target < 0 ? _code.Count : label.Target;
            foreach (var at in label.Patches) _code[at] = _code[at] with { Imm = target };
        }
        return new IrFunction(_fn.Name, _fn.Parameters.Count, _slotNames.Count, _code.ToArray(), _frameObjects.ToArray(),
            _slotNames.ToArray(), Site(FunctionLocation), !_fn.Type.Return.IsVoid, _ctx.Signatures.FunctionSignature(_fn));
    }

    private int Site(SourceLocation at) => _ctx.Sites.Intern(at, _fn.Name);

    private static byte Flags(bool isPrivate) => (byte)(isPrivate ? MemoryFlags.Private : MemoryFlags.None);

    private int NewSlot(string? name)
    {
        _slotNames.Add(name);
        return _slotNames.Count - 1;
    }

    /// <summary>A temporary for the current statement.</summary>
    private int Temp()
    {
        // Temporaries are handed out in order; a statement expression raises the floor below which they are live.
        if (_tempsUsed < _temps.Count) return _temps[_tempsUsed++];
        var slot = NewSlot(null);
        _temps.Add(slot);
        _tempsUsed++;
        return slot;
    }

    private void Emit(OpCode op, byte sub = 0, int a = 0, int b = 0, int c = 0, long imm = 0, int[]? args = null, int cls = -1) =>
        _code.Add(new Instruction(op, sub, a, b, c, imm, args, _site, cls));

    private Label NewLabel()
    {
        var l = new Label();
        _labels.Add(l);
        return l;
    }

    private void Bind(Label label) => label.Target = _code.Count;

    private void Jump(OpCode op, Label target, int condition = 0)
    {
        target.Patches.Add(_code.Count);
        Emit(op, b: condition, imm: -1);
    }

    private int Constant(long value)
    {
        var t = Temp();
        Emit(OpCode.Const, a: t, imm: value);
        return t;
    }
}

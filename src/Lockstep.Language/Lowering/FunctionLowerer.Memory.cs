using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Types;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Lowering;

internal sealed partial class FunctionLowerer
{
    /// <summary>Where an lvalue (or a struct-valued expression) lives.</summary>
    private Place LowerPlace(BoundExpression e)
    {
        switch (e)
        {
            case BoundLocal l:
            {
                var slot = _slots.TryGetValue(l.Local, out var s) ? s : NewSlot(l.Local.Name);
                _slots[l.Local] = slot;
                return l.Local.InMemory ? Place.Memory(slot, 0, !l.Local.AddressTaken, _ctx.Classes.PathOf(l, _fn.Name)) : Place.Register(slot);
            }
            case BoundGlobal g:
            {
                var t = Temp();
                Emit(OpCode.Const, a: t, imm: Pointer.Global(g.Global.Index));
                return Place.Memory(t, 0, g.Global.IsConst, _ctx.Classes.PathOf(g, _fn.Name));
            }
            case BoundDeref d:
                return Place.Memory(LowerValue(d.Pointer), 0, false, _ctx.Classes.DerefPath(d, _fn.Name));
            case BoundMember m:
            {
                var target = LowerPlace(m.Target);
                return target with { Offset = target.Offset + m.Field.Offset, Path = target.Path?.Member(m.Target.Type, m.Field) };
            }
            case BoundIndex ix:
            {
                var array = LowerPlace(ix.Array);
                var stride = Math.Max(1, ix.Type.Cells);
                var path = array.Path?.Index(ix.Type, ix.Index is BoundIntLiteral l ? l.Value : null);
                if (ix.Index is BoundIntLiteral lit) return array with { Offset = array.Offset + lit.Value * stride, Path = path };
                var index = LowerValue(ix.Index);
                var scaled = index;
                if (stride != 1)
                {
                    scaled = Temp();
                    Emit(OpCode.Binary, sub: (byte)BinaryOp.Mul, a: scaled, b: index, c: Constant(stride));
                }
                var address = Temp();
                Emit(OpCode.Binary, sub: (byte)BinaryOp.Add, a: address, b: array.Slot, c: scaled);
                return Place.Memory(address, array.Offset, array.Private, path);
            }
            default:
                // A struct-valued rvalue (assignment, conditional, comma): its value is its address.
                return Place.Memory(LowerValue(e), 0, false, _ctx.Classes.PathOf(e, _fn.Name));
        }
    }

    private int Read(Place place)
    {
        if (place.IsRegister) return place.Slot;
        var t = Temp();
        Emit(OpCode.Load, sub: Flags(place.Private), a: t, b: place.Slot, imm: place.Offset, cls: place.LeafClass);
        return t;
    }

    private void Write(Place place, int value)
    {
        if (place.IsRegister)
        {
            if (place.Slot != value) Emit(OpCode.Move, a: place.Slot, b: value);
            return;
        }
        Emit(OpCode.Store, sub: Flags(place.Private), a: place.Slot, b: value, imm: place.Offset, cls: place.LeafClass);
    }

    private int Address(Place place)
    {
        if (place.IsRegister) return place.Slot; // cannot happen: address-taken locals live in memory
        if (place.Offset == 0) return place.Slot;
        var t = Temp();
        Emit(OpCode.Binary, sub: (byte)BinaryOp.Add, a: t, b: place.Slot, c: Constant(place.Offset));
        return t;
    }

    /// <summary>Copies a struct cell by cell; <paramref name="targetCell"/> is where the copy starts in the target's path object.</summary>
    private void CopyCells(Place target, Place source, int cells, long targetCell = 0)
    {
        for (var i = 0; i < cells; i++)
        {
            var t = Temp();
            Emit(OpCode.Load, sub: Flags(source.Private), a: t, b: source.Slot, imm: source.Offset + i, cls: source.CellClass(i));
            Emit(OpCode.Store, sub: Flags(target.Private), a: target.Slot, b: t, imm: target.Offset + i, cls: target.CellClass(targetCell + i));
        }
    }

    private int LowerAssignment(BoundAssignment a, bool wantValue)
    {
        var target = LowerPlace(a.Target);
        if (a.Type is StructType st)
        {
            var source = LowerPlace(a.Value);
            CopyCells(target, source, st.Cells);
            return wantValue ? Address(target) : -1;
        }
        if (target.IsRegister && a.Value is BoundIntLiteral lit)
        {
            Emit(OpCode.Const, a: target.Slot, imm: lit.Value);
            return target.Slot;
        }
        var v = LowerValue(a.Value);
        Write(target, v);
        return target.IsRegister ? target.Slot : v;
    }

    private int LowerCompound(BoundCompoundAssignment ca)
    {
        var target = LowerPlace(ca.Target);
        var rhs = LowerValue(ca.Value);
        if (ca.Stride != 1)
        {
            var scaled = Temp();
            Emit(OpCode.Binary, sub: (byte)BinaryOp.Mul, a: scaled, b: rhs, c: Constant(ca.Stride));
            rhs = scaled;
        }
        var current = ConvertValue(Read(target), ca.Target.Type, ca.OperationType);
        var result = Temp();
        Emit(OpCode.Binary, sub: (byte)ca.Op, a: result, b: current, c: rhs);
        var converted = ConvertValue(result, ca.OperationType, ca.Type);
        if (converted == result) Normalize(result, ca.Type);
        Write(target, converted);
        return converted;
    }

    private int LowerIncrement(BoundIncrement inc, bool wantValue)
    {
        var target = LowerPlace(inc.Target);
        var current = Read(target);
        var old = -1;
        if (wantValue && !inc.IsPrefix)
        {
            old = Temp();
            Emit(OpCode.Move, a: old, b: current);
        }
        var delta = Constant(inc.Delta);
        var result = target.IsRegister ? target.Slot : Temp();
        Emit(OpCode.Binary, sub: (byte)BinaryOp.Add, a: result, b: current, c: delta);
        if (inc.Type is IntegerType { Bits: 1 })
            Emit(OpCode.Convert, a: result, b: result, imm: 1);
        else Normalize(result, inc.Type);
        if (!target.IsRegister) Write(target, result);
        return inc.IsPrefix || !wantValue ? result : old;
    }

    private int[] LowerArguments(IReadOnlyList<BoundExpression> args)
    {
        var slots = new int[args.Count];
        for (var i = 0; i < args.Count; i++) slots[i] = LowerValue(args[i]);
        return slots;
    }

    private int LowerCall(BoundCall call, bool wantValue)
    {
        var f = call.Function;
        var args = LowerArguments(call.Arguments);
        var result = wantValue && !call.Type.IsVoid ? Temp() : -1;
        if (_ctx.FunctionIndex.TryGetValue(f, out var index))
        {
            Emit(OpCode.Call, a: result, imm: index, args: args);
            return result;
        }
        if (_ctx.Catalog.IsIntrinsic(f.Name))
        {
            var scratch = NewSlot("$" + f.Name);
            Emit(OpCode.Const, a: scratch, imm: 0);
            Emit(OpCode.Intrinsic, a: result, c: scratch, imm: _ctx.InternIntrinsic(f.Name), args: args,
                cls: _ctx.Classes.IntrinsicClass(call, _fn.Name));
            return result;
        }
        _ctx.Diagnostics.Error(call.Location, $"'{f.Name}' is declared but not defined, and is not a Lockstep primitive");
        return result;
    }

    private int LowerIndirectCall(BoundIndirectCall call, bool wantValue)
    {
        var callee = LowerValue(call.Callee);
        var args = LowerArguments(call.Arguments);
        var result = wantValue && !call.Type.IsVoid ? Temp() : -1;
        Emit(OpCode.CallIndirect, a: result, b: callee, args: args, cls: _ctx.Signatures.CallSignature(call.Callee.Type));
        return result;
    }
}

using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Types;
using Lockstep.Machine.Ir;

namespace Lockstep.Language.Lowering;

internal sealed partial class FunctionLowerer
{
    private void LowerStatement(BoundStatement s)
    {
        if (s is BoundBlock block)
        {
            foreach (var item in block.Statements) LowerStatement(item);
            return;
        }
        _tempsUsed = _tempFloor;
        _site = Site(s.Location);
        switch (s)
        {
            case BoundExpressionStatement e:
                LowerEffect(e.Expression);
                break;
            case BoundLocalDeclaration d:
                LowerLocalDeclaration(d);
                break;
            case BoundNop:
                break;
            case BoundIf i:
            {
                var els = NewLabel();
                BranchIfFalse(i.Condition, els);
                LowerStatement(i.Then);
                if (i.Else is null) { Bind(els); break; }
                var end = NewLabel();
                _site = Site(i.Location);
                Jump(OpCode.Jump, end);
                Bind(els);
                LowerStatement(i.Else);
                Bind(end);
                break;
            }
            case BoundWhile w:
            {
                var top = NewLabel();
                var end = NewLabel();
                Bind(top);
                BranchIfFalse(w.Condition, end);
                LowerLoopBody(w.Body, end, top);
                _site = Site(w.Location);
                Jump(OpCode.Jump, top);
                Bind(end);
                break;
            }
            case BoundDoWhile dw:
            {
                var top = NewLabel();
                var cond = NewLabel();
                var end = NewLabel();
                Bind(top);
                LowerLoopBody(dw.Body, end, cond);
                Bind(cond);
                _tempsUsed = _tempFloor;
                _site = Site(dw.Condition.Location);
                BranchIfTrue(dw.Condition, top);
                Bind(end);
                break;
            }
            case BoundFor f:
            {
                if (f.Init is not null) LowerStatement(f.Init);
                var top = NewLabel();
                var step = NewLabel();
                var end = NewLabel();
                Bind(top);
                _tempsUsed = _tempFloor;
                if (f.Condition is not null)
                {
                    _site = Site(f.Condition.Location);
                    BranchIfFalse(f.Condition, end);
                }
                LowerLoopBody(f.Body, end, step);
                Bind(step);
                _tempsUsed = _tempFloor;
                if (f.Step is not null)
                {
                    _site = Site(f.Step.Location);
                    LowerEffect(f.Step);
                }
                _site = Site(f.Location);
                Jump(OpCode.Jump, top);
                Bind(end);
                break;
            }
            case BoundSwitch sw:
                LowerSwitch(sw);
                break;
            case BoundCase c:
                if (_switchCases.Count > 0 && _switchCases.Peek().TryGetValue(c, out var caseLabel)) Bind(caseLabel);
                break;
            case BoundBreak:
                if (_breakTargets.Count > 0) Jump(OpCode.Jump, _breakTargets.Peek());
                break;
            case BoundContinue:
                if (_continueTargets.Count > 0) Jump(OpCode.Jump, _continueTargets.Peek());
                break;
            case BoundReturn r:
                if (r.Value is null) Emit(OpCode.Return, b: -1);
                else Emit(OpCode.Return, b: LowerValue(r.Value));
                break;
            case BoundGoto g:
                Jump(OpCode.Jump, GotoLabel(g.Label));
                break;
            case BoundLabel l:
                Bind(GotoLabel(l.Label));
                break;
        }
    }

    private Label GotoLabel(string name)
    {
        if (!_gotoLabels.TryGetValue(name, out var label))
        {
            label = NewLabel();
            _gotoLabels[name] = label;
        }
        return label;
    }

    private void LowerLoopBody(BoundStatement body, Label breakTarget, Label continueTarget)
    {
        _breakTargets.Push(breakTarget);
        _continueTargets.Push(continueTarget);
        LowerStatement(body);
        _breakTargets.Pop();
        _continueTargets.Pop();
    }

    private void LowerSwitch(BoundSwitch sw)
    {
        var cases = new Dictionary<BoundCase, Label>(ReferenceEqualityComparer.Instance);
        CollectCases(sw.Body, cases);
        var end = NewLabel();
        var value = LowerValue(sw.Value);
        Label? defaultLabel = null;
        foreach (var (c, label) in cases)
        {
            if (c.Value is null) { defaultLabel = label; continue; }
            var k = Constant(c.Value.Value);
            var t = Temp();
            Emit(OpCode.Binary, sub: (byte)BinaryOp.Eq, a: t, b: value, c: k);
            Jump(OpCode.JumpIfNotZero, label, t);
        }
        Jump(OpCode.Jump, defaultLabel ?? end);
        _switchCases.Push(cases);
        _breakTargets.Push(end);
        LowerStatement(sw.Body);
        _breakTargets.Pop();
        _switchCases.Pop();
        Bind(end);
    }

    /// <summary>The case labels of a switch body (not those of nested switches).</summary>
    private void CollectCases(BoundStatement s, Dictionary<BoundCase, Label> cases)
    {
        switch (s)
        {
            case BoundCase c: cases[c] = NewLabel(); break;
            case BoundBlock b: foreach (var x in b.Statements) CollectCases(x, cases); break;
            case BoundIf i: CollectCases(i.Then, cases); if (i.Else is not null) CollectCases(i.Else, cases); break;
            case BoundWhile w: CollectCases(w.Body, cases); break;
            case BoundDoWhile d: CollectCases(d.Body, cases); break;
            case BoundFor f: CollectCases(f.Body, cases); break;
        }
    }

    private void LowerLocalDeclaration(BoundLocalDeclaration d)
    {
        var local = d.Local;
        var slot = _slots[local];
        if (!local.InMemory)
        {
            var entry = d.Initializer?.Entries.LastOrDefault(e => e.Offset == 0);
            if (entry is null) { Emit(OpCode.Const, a: slot, imm: 0); return; }
            if (entry.Value is BoundIntLiteral lit) { Emit(OpCode.Const, a: slot, imm: lit.Value); return; }
            var v = LowerValue(entry.Value);
            Emit(OpCode.Move, a: slot, b: v);
            return;
        }
        if (d.Initializer is null)
        {
            // A scalar whose address is taken is zeroed like a slot; aggregates start zeroed from the prologue.
            if (!local.Type.IsAggregate)
            {
                var zero = Constant(0);
                var place = Place.Memory(slot, 0, !local.AddressTaken, LocalPath(local));
                Emit(OpCode.Store, sub: Flags(place.Private), a: slot, b: zero, cls: place.LeafClass);
            }
            return;
        }
        StoreInitializer(Place.Memory(slot, 0, !local.AddressTaken, LocalPath(local)), d.Initializer, local.Type.Cells);
    }

    private AccessPath LocalPath(Binding.Symbols.LocalSymbol local) => _ctx.Classes.PathOf(new BoundLocal(local.Location, local), _fn.Name);

    /// <summary>Writes an initializer's cells at <paramref name="place"/>: zero where no entry writes, then the entries in order.</summary>
    private void StoreInitializer(Place place, BoundInitializer init, int cells)
    {
        var covered = new bool[cells];
        foreach (var e in init.Entries)
        {
            var n = e.Value.Type is StructType st ? st.Cells : 1;
            for (var i = 0; i < n && e.Offset + i < cells; i++)
                if (e.Offset + i >= 0) covered[e.Offset + i] = true;
        }
        int? zero = null;
        for (var i = 0; i < cells; i++)
        {
            if (covered[i]) continue;
            zero ??= Constant(0);
            Emit(OpCode.Store, sub: Flags(place.Private), a: place.Slot, b: zero.Value, imm: place.Offset + i, cls: place.CellClass(i));
        }
        foreach (var e in init.Entries)
        {
            _site = Site(e.Value.Location);
            var target = place with { Offset = place.Offset + e.Offset };
            if (e.Value.Type is StructType st)
            {
                var source = LowerValue(e.Value);
                CopyCells(target, Place.Memory(source, 0, false, _ctx.Classes.PathOf(e.Value, _fn.Name)), st.Cells, e.Offset);
            }
            else
            {
                var v = LowerValue(e.Value);
                Emit(OpCode.Store, sub: Flags(target.Private), a: target.Slot, b: v, imm: target.Offset, cls: place.CellClass(e.Offset));
            }
        }
    }
}

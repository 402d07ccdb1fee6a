using Lockstep.Language.Binding.Bound;
using Lockstep.Language.Binding.Types;
using Lockstep.Language.Syntax.Ast;

namespace Lockstep.Language.Binding;

public sealed partial class Binder
{
    private const int MaxArrayCells = 1 << 20;

    /// <summary>Binds an initializer for an object of <paramref name="type"/>; an array of unknown size gets its size from it.</summary>
    private BoundInitializer BindInitializer(CType type, InitializerSyntax init, out CType completed)
    {
        var entries = new List<InitializerEntry>();
        completed = type;
        if (type is ArrayType { Length: < 0 } open)
        {
            int count;
            if (init is ExpressionInitializer { Expression: StringLiteralExpression s } && IsCharType(open.Element)) count = Math.Min(s.Value.Length + 1, MaxArrayCells);
            else if (init is InitializerList list)
            {
                var pos = 0;
                count = FillArray(open.Element, int.MaxValue, 0, list.Items, ref pos, true, entries);
                completed = new ArrayType(open.Element, Math.Max(count, 0));
                return new BoundInitializer(init.Location, entries, completed.Cells);
            }
            else
            {
                Error(init.Location, "array initializer must be an initializer list or string literal");
                count = 1;
            }
            completed = new ArrayType(open.Element, count);
            type = completed;
        }
        InitObject(type, 0, init, entries);
        return new BoundInitializer(init.Location, entries, type.Cells);
    }

    private static bool IsCharType(CType t) => t is IntegerType { Bits: 8 };

    private void InitObject(CType type, int offset, InitializerSyntax init, List<InitializerEntry> entries)
    {
        if (type.IsError) { BindIgnored(init); return; }
        if (init is InitializerList list)
        {
            if (type.IsAggregate)
            {
                var pos = 0;
                FillAggregate(type, offset, list.Items, ref pos, true, entries);
                return;
            }
            if (list.Items.Length == 0) { entries.Add(new InitializerEntry(offset, new BoundIntLiteral(list.Location, type, 0))); return; }
            if (list.Items[0].Designators.Length > 0) Error(list.Items[0].Designators[0].Location, $"designator in initializer for scalar type '{type.Name}'");
            InitObject(type, offset, list.Items[0].Value, entries);
            if (list.Items.Length > 1) Error(list.Items[1].Location, "excess elements in scalar initializer");
            return;
        }
        var expr = ((ExpressionInitializer)init).Expression;
        if (type is ArrayType at)
        {
            if (IsCharType(at.Element) && expr is StringLiteralExpression s)
            {
                if (s.Value.Length > at.Length) Error(expr.Location, "initializer-string for char array is too long");
                for (var i = 0; i < at.Length; i++)
                {
                    var c = i < s.Value.Length ? ((IntegerType)at.Element).Wrap(s.Value[i]) : 0;
                    entries.Add(new InitializerEntry(offset + i, new BoundIntLiteral(expr.Location, at.Element, c)));
                }
                return;
            }
            var pos = 0;
            FillAggregate(type, offset, [new InitializerItem(init.Location, [], init)], ref pos, false, entries);
            return;
        }
        if (type is StructType st)
        {
            var bound = RValue(BindExpression(expr));
            if (bound.Type.IsError) return;
            if (ReferenceEquals(bound.Type, st)) { entries.Add(new InitializerEntry(offset, bound)); return; }
            if (!bound.Type.IsScalar)
            {
                Error(expr.Location, $"initializing '{st.Name}' with an expression of incompatible type '{bound.Type.Name}'");
                return;
            }
            var pos = 0;
            FillAggregate(type, offset, [new InitializerItem(init.Location, [], init)], ref pos, false, entries);
            return;
        }
        var value = ConvertForAssignment(BindExpression(expr), type, AssignmentContext.Initializing);
        entries.Add(new InitializerEntry(offset, value));
    }

    private void BindIgnored(InitializerSyntax init)
    {
        if (init is ExpressionInitializer e) BindExpression(e.Expression);
        else if (init is InitializerList l) foreach (var i in l.Items) BindIgnored(i.Value);
    }

    private int FillAggregate(CType type, int offset, IReadOnlyList<InitializerItem> items, ref int pos, bool braced, List<InitializerEntry> entries) =>
        type switch
        {
            ArrayType a => FillArray(a.Element, a.Length, offset, items, ref pos, braced, entries),
            StructType s => FillStruct(s, offset, items, ref pos, braced, entries),
            _ => 0,
        };

    private int FillArray(CType element, int length, int offset, IReadOnlyList<InitializerItem> items, ref int pos, bool braced, List<InitializerEntry> entries)
    {
        var index = 0;
        var max = 0;
        var stride = Math.Max(1, element.Cells);
        while (pos < items.Count)
        {
            var item = items[pos];
            if (item.Designators.Length > 0)
            {
                if (!braced) break;
                pos++;
                var d = item.Designators[0];
                if (d.Index is null)
                {
                    Error(d.Location, $"field designator cannot initialize a non-struct, non-union type '{new ArrayType(element, length == int.MaxValue ? -1 : length).Name}'");
                    continue;
                }
                if (DesignatorIndex(d, length) is not { } idx) continue;
                if ((long)(idx + 1) * stride > MaxArrayCells) { Error(d.Location, "array is too large"); continue; }
                index = idx;
                ApplyDesignated(element, offset + index * stride, item.Designators, 1, item.Value, entries);
                index++;
                max = Math.Max(max, index);
                continue;
            }
            if (index >= length)
            {
                if (!braced) break;
                Error(item.Location, "excess elements in array initializer");
                pos = items.Count;
                break;
            }
            if ((long)(index + 1) * stride > MaxArrayCells) { Error(item.Location, "array is too large"); pos = items.Count; break; }
            InitMember(element, offset + index * stride, items, ref pos, entries);
            index++;
            max = Math.Max(max, index);
        }
        return max;
    }

    private int? DesignatorIndex(DesignatorSyntax d, int length)
    {
        var bound = BindExpression(d.Index!);
        if (bound.Type.IsError) return null;
        if (ConstantEvaluator.EvaluateInteger(bound) is not { } v)
        {
            Error(d.Index!.Location, "expression is not an integer constant expression");
            return null;
        }
        if (v < 0) { Error(d.Index!.Location, $"array designator value '{v}' is negative"); return null; }
        if (v >= length || v >= MaxArrayCells) { Error(d.Index!.Location, $"array designator index ({v}) exceeds array bounds ({length})"); return null; }
        return (int)v;
    }

    private int FillStruct(StructType st, int offset, IReadOnlyList<InitializerItem> items, ref int pos, bool braced, List<InitializerEntry> entries)
    {
        var fieldIndex = 0;
        var fields = st.Fields;
        while (pos < items.Count)
        {
            var item = items[pos];
            if (item.Designators.Length > 0)
            {
                if (!braced) break;
                pos++;
                var d = item.Designators[0];
                if (d.Field is null)
                {
                    Error(d.Location, $"array designator cannot initialize non-array type '{st.Name}'");
                    continue;
                }
                var f = st.Find(d.Field);
                if (f is null)
                {
                    Error(d.Location, $"field designator '{d.Field}' does not refer to any field in type '{st.Name}'");
                    continue;
                }
                ApplyDesignated(f.Type, offset + f.Offset, item.Designators, 1, item.Value, entries);
                var top = 0;
                for (; top < fields.Count; top++)
                    if (fields[top].Name == d.Field || (fields[top].Name.Length == 0 && fields[top].Type is StructType inner && inner.Find(d.Field) is not null)) break;
                fieldIndex = st.IsUnion ? fields.Count : top + 1;
                continue;
            }
            if (fieldIndex >= fields.Count)
            {
                if (!braced) break;
                Error(item.Location, $"excess elements in {(st.IsUnion ? "union" : "struct")} initializer");
                pos = items.Count;
                break;
            }
            var field = fields[fieldIndex];
            InitMember(field.Type, offset + field.Offset, items, ref pos, entries);
            fieldIndex = st.IsUnion ? fields.Count : fieldIndex + 1;
        }
        return fieldIndex;
    }

    /// <summary>Initializes one member from items[pos], eliding braces for an aggregate member given a scalar.</summary>
    private void InitMember(CType type, int offset, IReadOnlyList<InitializerItem> items, ref int pos, List<InitializerEntry> entries)
    {
        var item = items[pos];
        if (item.Value is InitializerList || !type.IsAggregate)
        {
            InitObject(type, offset, item.Value, entries);
            pos++;
            return;
        }
        var expr = ((ExpressionInitializer)item.Value).Expression;
        if (type is ArrayType at && IsCharType(at.Element) && expr is StringLiteralExpression)
        {
            InitObject(type, offset, item.Value, entries);
            pos++;
            return;
        }
        if (type is StructType st)
        {
            var bound = RValue(BindExpression(expr));
            if (bound.Type.IsError) { pos++; return; }
            if (ReferenceEquals(bound.Type, st)) { entries.Add(new InitializerEntry(offset, bound)); pos++; return; }
        }
        var before = pos;
        FillAggregate(type, offset, items, ref pos, false, entries);
        if (pos == before) pos++; // nothing consumed (e.g. an empty struct): skip the item
    }

    private void ApplyDesignated(CType type, int offset, IReadOnlyList<DesignatorSyntax> designators, int k, InitializerSyntax value, List<InitializerEntry> entries)
    {
        if (type.IsError) { BindIgnored(value); return; }
        if (k == designators.Count)
        {
            InitObject(type, offset, value, entries);
            return;
        }
        var d = designators[k];
        if (d.Field is not null)
        {
            if (type is not StructType st)
            {
                Error(d.Location, $"field designator cannot initialize a non-struct, non-union type '{type.Name}'");
                return;
            }
            var f = st.Find(d.Field);
            if (f is null)
            {
                Error(d.Location, $"field designator '{d.Field}' does not refer to any field in type '{st.Name}'");
                return;
            }
            ApplyDesignated(f.Type, offset + f.Offset, designators, k + 1, value, entries);
            return;
        }
        if (type is not ArrayType at)
        {
            Error(d.Location, $"array designator cannot initialize non-array type '{type.Name}'");
            return;
        }
        if (DesignatorIndex(d, at.Length) is not { } idx) return;
        if ((long)(idx + 1) * Math.Max(1, at.Element.Cells) > MaxArrayCells) { Error(d.Location, "array is too large"); return; }
        ApplyDesignated(at.Element, offset + idx * Math.Max(1, at.Element.Cells), designators, k + 1, value, entries);
    }
}

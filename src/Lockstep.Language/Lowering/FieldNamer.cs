using Lockstep.Language.Binding.Types;

namespace Lockstep.Language.Lowering;

/// <summary>
/// A readable name per cell of a global: the C lvalue of the cell, without the global's name for a struct
/// ("list.first", "ops"), with it otherwise ("counter", "arr[2]", "slots[1].key"). Union members that share a cell
/// are joined with '|'.
/// </summary>
public static class FieldNamer
{
    public static string[] Names(string globalName, CType type)
    {
        var names = new string?[type.Cells];
        Walk(names, type, type is StructType ? "" : globalName, 0);
        var result = new string[names.Length];
        for (var i = 0; i < names.Length; i++) result[i] = names[i] ?? (type is StructType ? $"<cell {i}>" : $"{globalName}<cell {i}>");
        return result;
    }

    private static void Walk(string?[] names, CType type, string prefix, int offset)
    {
        switch (type)
        {
            case ArrayType a:
                for (var i = 0; i < a.Length; i++) Walk(names, a.Element, $"{prefix}[{i}]", offset + i * a.Element.Cells);
                break;
            case StructType s:
                foreach (var f in s.Fields)
                {
                    var name = f.Name.Length == 0 ? prefix : prefix.Length == 0 ? f.Name : prefix + "." + f.Name;
                    Walk(names, f.Type, name, offset + f.Offset);
                }
                break;
            default:
                if (offset < 0 || offset >= names.Length) return;
                names[offset] = names[offset] is null ? prefix : names[offset] + "|" + prefix;
                break;
        }
    }
}

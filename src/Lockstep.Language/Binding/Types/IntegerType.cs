namespace Lockstep.Language.Binding.Types;

public enum IntegerKind { Bool, Char, SChar, UChar, Short, UShort, Int, UInt, Long, ULong, LongLong, ULongLong }

/// <summary>An integer type: its width in bits (1 for _Bool), signedness and conversion rank.</summary>
public sealed class IntegerType : CType
{
    public static readonly IntegerType Bool = new(IntegerKind.Bool, "_Bool", 1, false, 0);
    public static readonly IntegerType Char = new(IntegerKind.Char, "char", 8, true, 1);
    public static readonly IntegerType SChar = new(IntegerKind.SChar, "signed char", 8, true, 1);
    public static readonly IntegerType UChar = new(IntegerKind.UChar, "unsigned char", 8, false, 1);
    public static readonly IntegerType Short = new(IntegerKind.Short, "short", 16, true, 2);
    public static readonly IntegerType UShort = new(IntegerKind.UShort, "unsigned short", 16, false, 2);
    public static readonly IntegerType Int = new(IntegerKind.Int, "int", 32, true, 3);
    public static readonly IntegerType UInt = new(IntegerKind.UInt, "unsigned int", 32, false, 3);
    public static readonly IntegerType Long = new(IntegerKind.Long, "long", 64, true, 4);
    public static readonly IntegerType ULong = new(IntegerKind.ULong, "unsigned long", 64, false, 4);
    public static readonly IntegerType LongLong = new(IntegerKind.LongLong, "long long", 64, true, 5);
    public static readonly IntegerType ULongLong = new(IntegerKind.ULongLong, "unsigned long long", 64, false, 5);

    private IntegerType(IntegerKind kind, string name, int bits, bool signed, int rank)
    {
        Kind = kind;
        Name = name;
        Bits = bits;
        IsSigned = signed;
        Rank = rank;
    }

    public IntegerKind Kind { get; }
    public override string Name { get; }
    /// <summary>8, 16, 32 or 64; 1 for _Bool (the Convert opcode's width).</summary>
    public int Bits { get; }
    public bool IsSigned { get; }
    public int Rank { get; }
    public override int Cells => 1;
    public override bool IsInteger => true;

    public IntegerType ToUnsigned() => Kind switch
    {
        IntegerKind.Char or IntegerKind.SChar => UChar,
        IntegerKind.Short => UShort,
        IntegerKind.Int => UInt,
        IntegerKind.Long => ULong,
        IntegerKind.LongLong => ULongLong,
        _ => this,
    };

    /// <summary>Wraps a 64-bit value to this type's range (what Convert does at run time).</summary>
    public long Wrap(long value) => Bits switch
    {
        1 => value != 0 ? 1 : 0,
        8 => IsSigned ? (sbyte)value : (byte)value,
        16 => IsSigned ? (short)value : (ushort)value,
        32 => IsSigned ? (int)value : (uint)value,
        _ => value,
    };

    /// <summary>C's integer promotions.</summary>
    public IntegerType Promote() => Rank < Int.Rank ? Int : this;

    /// <summary>C's usual arithmetic conversions.</summary>
    public static IntegerType Common(IntegerType a, IntegerType b)
    {
        a = a.Promote();
        b = b.Promote();
        if (a.Kind == b.Kind) return a;
        if (a.IsSigned == b.IsSigned) return a.Rank >= b.Rank ? a : b;
        var (u, s) = a.IsSigned ? (b, a) : (a, b);
        if (u.Rank >= s.Rank) return u;
        if (s.Bits > u.Bits) return s;
        return s.ToUnsigned();
    }
}

using Lockstep.Machine.Ir;

namespace Lockstep.Machine.Execution;

/// <summary>C arithmetic on 64-bit cells; narrower types are handled by <see cref="Convert"/>, which the lowering emits.</summary>
public static class Arithmetic
{
    public static long Unary(UnaryOp op, long a) => op switch
    {
        UnaryOp.Negate => unchecked(-a),
        UnaryOp.BitNot => ~a,
        UnaryOp.LogicalNot => a == 0 ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>True for the operations that trap on a zero divisor (the interpreter checks before it calls <see cref="Binary"/>).</summary>
    public static bool Divides(BinaryOp op) => op is BinaryOp.DivS or BinaryOp.DivU or BinaryOp.RemS or BinaryOp.RemU;

    /// <summary>Evaluates a binary operation; a zero divisor must have been ruled out (see <see cref="Divides"/>).</summary>
    public static long Binary(BinaryOp op, long a, long b)
    {
        unchecked
        {
            switch (op)
            {
                case BinaryOp.Add: return a + b;
                case BinaryOp.Sub: return a - b;
                case BinaryOp.Mul: return a * b;
                case BinaryOp.DivS: return (a == long.MinValue && b == -1 ? a : a / b);
                case BinaryOp.DivU: return (long)((ulong)a / (ulong)b);
                case BinaryOp.RemS: return (b == -1 ? 0 : a % b);
                case BinaryOp.RemU: return (long)((ulong)a % (ulong)b);
                case BinaryOp.And: return a & b;
                case BinaryOp.Or: return a | b;
                case BinaryOp.Xor: return a ^ b;
                case BinaryOp.Shl: return a << (int)(b & 63);
                case BinaryOp.ShrS: return a >> (int)(b & 63);
                case BinaryOp.ShrU: return (long)((ulong)a >> (int)(b & 63));
                case BinaryOp.Eq: return a == b ? 1 : 0;
                case BinaryOp.Ne: return a != b ? 1 : 0;
                case BinaryOp.LtS: return a < b ? 1 : 0;
                case BinaryOp.LeS: return a <= b ? 1 : 0;
                case BinaryOp.GtS: return a > b ? 1 : 0;
                case BinaryOp.GeS: return a >= b ? 1 : 0;
                case BinaryOp.LtU: return (ulong)a < (ulong)b ? 1 : 0;
                case BinaryOp.LeU: return (ulong)a <= (ulong)b ? 1 : 0;
                case BinaryOp.GtU: return (ulong)a > (ulong)b ? 1 : 0;
                case BinaryOp.GeU: return (ulong)a >= (ulong)b ? 1 : 0;
                default: throw new ArgumentOutOfRangeException(nameof(op));
            }
        }
    }

    /// <summary>Truncates to <paramref name="bits"/> and sign- or zero-extends; bits == 1 normalises to a bool.</summary>
    public static long Convert(long value, int bits, bool signed)
    {
        unchecked
        {
            return bits switch
            {
                1 => value != 0 ? 1 : 0,
                8 => signed ? (sbyte)value : (byte)value,
                16 => signed ? (short)value : (ushort)value,
                32 => signed ? (int)value : (uint)value,
                _ => value,
            };
        }
    }
}

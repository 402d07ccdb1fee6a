namespace Lockstep.Language.Binding.Types;

/// <summary>
/// A C type of the model language. Layout is in cells: every scalar and pointer is one cell, a struct is its fields
/// in order, a union its largest member, an array its elements; <c>sizeof</c> is 8 bytes per cell.
/// </summary>
public abstract class CType
{
    public abstract int Cells { get; }
    public abstract string Name { get; }

    public virtual bool IsInteger => false;
    public bool IsPointer => this is PointerType;
    public bool IsArithmetic => IsInteger;
    public bool IsScalar => IsInteger || IsPointer;
    public bool IsVoid => this is VoidType;
    public bool IsStruct => this is StructType;
    public bool IsArray => this is ArrayType;
    public bool IsFunction => this is FunctionType;
    public bool IsError => this is ErrorType;
    /// <summary>Is its value held in memory and handled by address (struct, union, array)?</summary>
    public bool IsAggregate => IsStruct || IsArray;

    public override string ToString() => Name;

    /// <summary>The C spelling of a declaration of <paramref name="declarator"/> with this type ("int *", "int (*)(void)").</summary>
    public virtual string Declare(string declarator) => declarator.Length == 0 ? Name : Name + " " + declarator;

    public static bool Same(CType a, CType b)
    {
        if (ReferenceEquals(a, b)) return true;
        return (a, b) switch
        {
            (IntegerType x, IntegerType y) => x.Kind == y.Kind,
            (PointerType x, PointerType y) => Same(x.Element, y.Element),
            (ArrayType x, ArrayType y) => x.Length == y.Length && Same(x.Element, y.Element),
            (FunctionType x, FunctionType y) => Same(x.Return, y.Return) && x.Parameters.Count == y.Parameters.Count
                && x.IsVariadic == y.IsVariadic && x.Parameters.Zip(y.Parameters).All(p => Same(p.First, p.Second)),
            (VoidType, VoidType) => true,
            _ => false,
        };
    }
}

public sealed class VoidType : CType
{
    public static readonly VoidType Instance = new();
    private VoidType() { }
    public override int Cells => 0;
    public override string Name => "void";
}

/// <summary>The type of an expression that already produced a diagnostic; no further errors are reported about it.</summary>
public sealed class ErrorType : CType
{
    public static readonly ErrorType Instance = new();
    private ErrorType() { }
    public override int Cells => 1;
    public override string Name => "<error>";
}

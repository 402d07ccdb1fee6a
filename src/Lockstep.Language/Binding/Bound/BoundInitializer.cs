using Lockstep.Language.Text;

namespace Lockstep.Language.Binding.Bound;

/// <summary>
/// An initializer flattened to cell writes: each entry stores a scalar at a cell offset, or copies a struct value
/// (Value of struct type) to that offset. Cells no entry covers are zero. Later entries win (designators may override).
/// </summary>
public sealed record BoundInitializer(SourceLocation Location, IReadOnlyList<InitializerEntry> Entries, int Cells);

public sealed record InitializerEntry(int Offset, BoundExpression Value);

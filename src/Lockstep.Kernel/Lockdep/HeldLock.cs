namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// One entry of a task's held-lock stack (lockdep's <c>struct held_lock</c>), also used for the lock being
/// acquired. <see cref="ClassId"/> is the base class; a non-zero <see cref="Subclass"/> selects the
/// subclass (a class of its own). <see cref="Function"/> and <see cref="Location"/> are the acquire site
/// (printed as <c>at: function+0x../0x..</c>). <see cref="NestLock"/> is the instance of the
/// <c>*_nest_lock</c> annotation's lock (0 = none). <see cref="Sync"/> marks a <c>lock_sync()</c>
/// (a zero-length write acquisition such as <c>synchronize_srcu</c>'s); the caller does not push it.
/// </summary>
public readonly record struct HeldLock(
    int ClassId,
    long Instance,
    LockReadMode Read,
    int Subclass,
    bool Trylock,
    string Function,
    string Location,
    LockIrqContext IrqContext,
    long NestLock = 0,
    bool Sync = false)
{
    /// <summary>A plain exclusive acquisition in task context.</summary>
    public static HeldLock Exclusive(int classId, long instance, string function, string location = "") =>
        new(classId, instance, LockReadMode.Exclusive, 0, false, function, location, LockIrqContext.Task);
}

namespace Lockstep.Machine.Execution;

public enum ObjectStatus : byte
{
    /// <summary>A freed object nothing points to any more: its id is free for the next allocation.</summary>
    Vacant = 0,
    Live = 1,
    Freed = 2,
}

public enum ThreadStatus : byte
{
    /// <summary>Parked before its next instruction.</summary>
    Running = 1,
    /// <summary>Its top function returned; the next step of the thread is its exit.</summary>
    Exiting = 2,
    Finished = 3,
}

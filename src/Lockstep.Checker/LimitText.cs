using Lockstep.Machine.Execution;

namespace Lockstep.Checker;

/// <summary>How a state that went past <see cref="MachineLimits"/> is worded in an incomplete verdict.</summary>
internal static class LimitText
{
    public static string Describe(LimitExceeded limit)
    {
        var where = limit.Site is { } s ? $" at {s.File}:{s.Line}" : "";
        return limit.Kind switch
        {
            LimitKind.Threads =>
                $"thread '{limit.ThreadName}' started thread number {limit.Limit + 1}{where}, past --max-threads {limit.Limit}; " +
                "paths beyond it were not explored (a model that starts threads without end would run the kernel out of tasks too)",
            _ =>
                $"thread '{limit.ThreadName}' took a state past {limit.Limit} memory objects{where} (--max-objects); " +
                "paths beyond it were not explored (a model that allocates without freeing would run the kernel out of memory too)",
        };
    }
}

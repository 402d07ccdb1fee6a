namespace Lockstep.Cli;

/// <summary>
/// Accepts the compiler-style spellings kernel developers type: <c>-DNAME=V</c> and <c>-IDIR</c> become
/// <c>-D NAME=V</c> and <c>-I DIR</c> before System.CommandLine parses them.
/// </summary>
internal static class ArgumentNormalizer
{
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length);
        foreach (var a in args)
        {
            if (a.Length > 2 && (a.StartsWith("-D", StringComparison.Ordinal) || a.StartsWith("-I", StringComparison.Ordinal)) && a[2] != '-')
            {
                result.Add(a[..2]);
                result.Add(a[2..]);
            }
            else
            {
                result.Add(a);
            }
        }
        return result.ToArray();
    }
}

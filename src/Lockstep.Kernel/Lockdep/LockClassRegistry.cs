using System.Collections.Concurrent;

namespace Lockstep.Kernel.Lockdep;

/// <summary>
/// Interns lockdep classes by a caller-given key (the kernel's <c>lock_class_key</c> address: the lock itself
/// for a static lock, the init call site for a dynamic one). Thread-safe; lookups of known keys take no lock
/// and allocate nothing. Ids are dense and given in first-intern order, so a caller that registers its
/// classes before starting parallel workers gets the same ids on every run.
/// </summary>
public sealed class LockClassRegistry
{
    private readonly ConcurrentDictionary<(long Key, int Subclass), LockClass> _byKey = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _nameVersions = new(StringComparer.Ordinal);
    private LockClass[] _byId = new LockClass[16];
    private int _count;

    /// <summary>The key of lockdep_set_novalidate_class() (__lockdep_no_validate__): acquisitions of its class are not
    /// validated (kernel/locking/lockdep.c, __lock_acquire(): check = 0).</summary>
    public const long NoValidateKey = 0x3E00_0000_0000_0001;

    /// <summary>The key of mm/page_alloc.c's __fs_reclaim_map, "fs_reclaim".</summary>
    public const long FsReclaimKey = 0x3E00_0000_0000_0002;

    /// <summary>Number of classes (subclasses included).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The class with id <paramref name="id"/>.</summary>
    public LockClass this[int id]
    {
        get
        {
            // Count first: a writer publishes a grown table before it publishes the larger count.
            var count = Volatile.Read(ref _count);
            var table = Volatile.Read(ref _byId);
            if ((uint)id >= (uint)count || table[id] is not { } cls)
                throw new ArgumentOutOfRangeException(nameof(id), id, "no such lock class");
            return cls;
        }
    }

    /// <summary>Interns the class for <paramref name="key"/> with the kind's default wait types.</summary>
    public LockClass Intern(long key, string name, LockClassKind kind)
    {
        var (inner, outer) = LockWaitTypes.Defaults(kind);
        return Intern(key, name, kind, inner, outer);
    }

    /// <summary>Interns the class for <paramref name="key"/>; a known key returns its existing class unchanged.</summary>
    public LockClass Intern(long key, string name, LockClassKind kind, LockWaitType inner, LockWaitType outer)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byKey.TryGetValue((key, 0), out var known))
            return known;
        return Add(key, 0, name, kind, inner, outer);
    }

    /// <summary>The subclass <paramref name="subclass"/> of class <paramref name="classId"/>
    /// (<c>spin_lock_nested</c> and friends); subclass 0 is the class itself.</summary>
    public LockClass Subclass(int classId, int subclass)
    {
        var baseClass = this[classId];
        if (subclass == 0 || baseClass.Subclass == subclass)
            return baseClass;
        if (_byKey.TryGetValue((baseClass.Key, subclass), out var known))
            return known;
        return Add(baseClass.Key, subclass, baseClass.Name, baseClass.Kind, baseClass.WaitInner, baseClass.WaitOuter);
    }

    /// <summary>Looks up the class of <paramref name="key"/> without creating it.</summary>
    /// <summary>Makes <paramref name="key"/> find <paramref name="cls"/> too (a key that names a subclass of another).</summary>
    public void Alias(long key, LockClass cls) => _byKey.TryAdd((key, 0), cls);

    public bool TryGet(long key, out LockClass cls) => _byKey.TryGetValue((key, 0), out cls!);

    private LockClass Add(long key, int subclass, string name, LockClassKind kind, LockWaitType inner, LockWaitType outer)
    {
        lock (_gate)
        {
            if (_byKey.TryGetValue((key, subclass), out var raced))
                return raced;
            // count_matching_names(): a subclass shares its base's version; a new key with a known name gets the next.
            int version;
            if (subclass != 0 && _byKey.TryGetValue((key, 0), out var baseClass))
                version = baseClass.NameVersion;
            else
            {
                _nameVersions.TryGetValue(name, out var seen);
                version = seen + 1;
                _nameVersions[name] = version;
            }
            var cls = new LockClass(_count, key, name, kind, inner, outer, subclass, version);
            if (_count == _byId.Length)
            {
                var grown = new LockClass[_byId.Length * 2];
                Array.Copy(_byId, grown, _count);
                Volatile.Write(ref _byId, grown);
            }
            _byId[_count] = cls;
            _byKey[(key, subclass)] = cls;
            Volatile.Write(ref _count, _count + 1);
            return cls;
        }
    }
}

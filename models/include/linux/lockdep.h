/* linux/lockdep.h — lock classes and lockdep-only maps.
 * Every lock-like object starts with the same five cells: owner, reader count, queued writers, the lockdep
 * name and the class key. A statically defined lock (key 0) is its own class, named after its definition; a
 * lock set up by an *_init() call takes the class of that call site, named as the kernel's macro stringifies
 * the argument ("&kvm->mmu_lock"). */
#pragma once

struct lock_class_key { long __unused; };

struct lockdep_map {
	long __owner;
	long __count;
	long __waiters;
	const char *name;
	long key;
};

#define STATIC_LOCKDEP_MAP_INIT(_name, _key) { .name = (_name) }

void lock_map_acquire(struct lockdep_map *map);
void lock_map_acquire_read(struct lockdep_map *map);
void lock_map_release(struct lockdep_map *map);

/* What lockdep sees of an acquisition or release, without the lock itself (kernel/locking/lockdep.c): read is 0
 * (exclusive), 1 (shared) or 2 (recursive read); trylock skips the dependency checks; nest_lock as *_nest_lock().
 * In these headers a lock is its own lockdep map (its first five cells are a struct lockdep_map's), so where the
 * kernel passes &lock->dep_map a model passes the lock: mutex_release(&m, _THIS_IP_). */
void lock_acquire(void *lock, unsigned int subclass, int trylock, int read, int check, void *nest_lock, unsigned long ip);
void lock_release(void *lock, unsigned long ip);
#define _THIS_IP_ 0UL
#define lock_acquire_exclusive(l, s, t, n, i) lock_acquire(l, s, t, 0, 1, n, i)
#define lock_acquire_shared(l, s, t, n, i) lock_acquire(l, s, t, 1, 1, n, i)
#define lock_acquire_shared_recursive(l, s, t, n, i) lock_acquire(l, s, t, 2, 1, n, i)
#define spin_acquire(l, s, t, i) lock_acquire_exclusive(l, s, t, NULL, i)
#define spin_release(l, i) lock_release(l, i)
#define mutex_acquire(l, s, t, i) lock_acquire_exclusive(l, s, t, NULL, i)
#define mutex_acquire_nest(l, s, t, n, i) lock_acquire_exclusive(l, s, t, n, i)
#define mutex_release(l, i) lock_release(l, i)
#define rwsem_acquire(l, s, t, i) lock_acquire_exclusive(l, s, t, NULL, i)
#define rwsem_acquire_read(l, s, t, i) lock_acquire_shared(l, s, t, NULL, i)
#define rwsem_release(l, i) lock_release(l, i)
void __lockdep_assert_held_type(void *lock, int type);
#define lockdep_assert_held(l) __lockdep_assert_held_type((l), -1)
#define lockdep_assert_held_write(l) __lockdep_assert_held_type((l), 0)
#define lockdep_assert_held_read(l) __lockdep_assert_held_type((l), 1)
#define lockdep_assert_not_held(l) __lockdep_assert_held_type((l), -2)
#define lockdep_assert_held_once(l) __lockdep_assert_held_type((l), -1)
#define lockdep_assert(c) WARN_ON(!(c))
#define lockdep_assert_once(c) WARN_ON_ONCE(!(c))
void lockdep_assert_irqs_disabled(void);
void lockdep_assert_irqs_enabled(void);
void lockdep_assert_preemption_disabled(void);
void lockdep_assert_preemption_enabled(void);
void __lockdep_init_map(struct lockdep_map *map, const char *name);
void __lockdep_set_class(void *lock, struct lock_class_key *key, const char *name);

#define lockdep_init_map(map, name, key, sub) __lockdep_init_map((map), (name))
#define lockdep_set_class(lock, key) __lockdep_set_class((lock), (key), #key)
#define lockdep_set_class_and_name(lock, key, name) __lockdep_set_class((lock), (key), (name))

#define SINGLE_DEPTH_NESTING 1

/* lockdep_set_subclass(lock, sub): later acquisitions of lock take subclass sub ("name/sub"). lock_set_class()
 * re-classes a lock, even one that is held (kernel/locking/lockdep.c, lock_set_class()); lockdep_set_novalidate_class()
 * gives it __lockdep_no_validate__, whose acquisitions lockdep does not validate (device_lock()). */
void lockdep_set_subclass(void *lock, int subclass);
void __lock_set_class(void *lock, const char *name, struct lock_class_key *key, int subclass);
#define lock_set_class(map, name, key, subclass, ip) __lock_set_class((map), (name), (key), (subclass))
#define lock_set_subclass(map, subclass, ip) lockdep_set_subclass((map), (subclass))
#define lockdep_set_novalidate_class(lock) __lock_set_class((lock), #lock, NULL, 0)

/* might_lock(lock): lockdep checks taking lock here (lock_acquire + lock_release) without taking it. The last
 * argument is the lock's type: 1 spinlock_t, 2 raw_spinlock_t, 3 rwlock_t, 4 mutex, 5 rw_semaphore. */
void __might_lock(void *lock, int read, int subclass, int type);
#define might_lock(lock) __might_lock((lock), 0, 0, 4)
#define might_lock_read(lock) __might_lock((lock), 1, 0, 5)
#define might_lock_nested(lock, subclass) __might_lock((lock), 0, (subclass), 4)

/* fs_reclaim (mm/page_alloc.c): lockdep's map for "this task may enter direct reclaim". fs_reclaim_acquire(gfp)
 * takes it when the allocation could reclaim with __GFP_FS (after memalloc_nofs/noio scopes); every allocation
 * that may reclaim takes and releases it (might_alloc()), so a GFP_KERNEL allocation under a lock that reclaim
 * takes is a circular dependency. */
void fs_reclaim_acquire(unsigned int gfp_mask);
void fs_reclaim_release(unsigned int gfp_mask);

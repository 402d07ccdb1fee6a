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
void lockdep_assert_held(void *lock);
void __lockdep_init_map(struct lockdep_map *map, const char *name);
void __lockdep_set_class(void *lock, struct lock_class_key *key, const char *name);

#define lockdep_init_map(map, name, key, sub) __lockdep_init_map((map), (name))
#define lockdep_set_class(lock, key) __lockdep_set_class((lock), (key), #key)
#define lockdep_set_class_and_name(lock, key, name) __lockdep_set_class((lock), (key), (name))

#define SINGLE_DEPTH_NESTING 1
#define lockdep_assert_irqs_disabled() do { } while (0)

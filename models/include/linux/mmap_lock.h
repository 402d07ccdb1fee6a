/* linux/mmap_lock.h — the mmap_lock wrappers over the rw_semaphore primitives, for any mm structure with a
 * `struct rw_semaphore mmap_lock` member (a model defines its own struct mm_struct). */
#pragma once
#include <linux/rwsem.h>

#define mmap_read_lock(mm) down_read(&(mm)->mmap_lock)
#define mmap_read_trylock(mm) down_read_trylock(&(mm)->mmap_lock)
#define mmap_read_lock_killable(mm) down_read_killable(&(mm)->mmap_lock)
#define mmap_read_unlock(mm) up_read(&(mm)->mmap_lock)
#define mmap_write_lock(mm) down_write(&(mm)->mmap_lock)
#define mmap_write_trylock(mm) down_write_trylock(&(mm)->mmap_lock)
#define mmap_write_lock_killable(mm) down_write_killable(&(mm)->mmap_lock)
#define mmap_write_unlock(mm) up_write(&(mm)->mmap_lock)
#define mmap_init_lock(mm) init_rwsem(&(mm)->mmap_lock)
#define mmap_assert_locked(mm) lockdep_assert_held(&(mm)->mmap_lock)

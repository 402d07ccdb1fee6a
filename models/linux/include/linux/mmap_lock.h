/* include/linux/mmap_lock.h — mmap_lock wrappers, modelled over the rw_semaphore primitives
 * (no tracepoints; mmap_read_lock_killable/trylock as the down_read_* forms). */
#pragma once
#include <linux/mm_types.h>

/* include/linux/mmap_lock.h: mmap_init_lock() */
static inline void mmap_init_lock(struct mm_struct *mm)
{
	init_rwsem(&mm->mmap_lock);
}

/* include/linux/mmap_lock.h: mmap_write_lock() */
static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock);
}

/* include/linux/mmap_lock.h: mmap_write_unlock() */
static inline void mmap_write_unlock(struct mm_struct *mm)
{
	up_write(&mm->mmap_lock);
}

/* include/linux/mmap_lock.h: mmap_read_lock() */
static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock);
}

/* include/linux/mmap_lock.h: mmap_read_trylock() */
static inline bool mmap_read_trylock(struct mm_struct *mm)
{
	return down_read_trylock(&mm->mmap_lock) != 0;
}

/* include/linux/mmap_lock.h: mmap_read_unlock() */
static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_lock);
}

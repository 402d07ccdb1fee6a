/* linux/sched/mm.h — allocation scopes (v6.19): memalloc_nofs_save() makes every allocation until the matching
 * restore behave as GFP_NOFS (no __GFP_FS: it does not take lockdep's fs_reclaim map), memalloc_noio_save() as
 * GFP_NOIO, memalloc_noreclaim_save() keeps allocations out of reclaim altogether (PF_MEMALLOC). might_alloc(gfp)
 * is what every allocation runs first: fs_reclaim_acquire()/release() and might_sleep_if(blocking). */
#pragma once
#include <linux/lockdep.h>

unsigned int memalloc_nofs_save(void);
void memalloc_nofs_restore(unsigned int flags);
unsigned int memalloc_noio_save(void);
void memalloc_noio_restore(unsigned int flags);
unsigned int memalloc_noreclaim_save(void);
void memalloc_noreclaim_restore(unsigned int flags);
void might_alloc(unsigned int gfp_mask);

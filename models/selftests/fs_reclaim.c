/*
 * lib/locking-selftest.c, fs_reclaim_tests(): inside fs_reclaim (the task is in reclaim) a GFP_NOFS allocation does
 * not recurse into it, a GFP_KERNEL one does (recursive locking on fs_reclaim), and memalloc_nofs_save() makes a
 * GFP_KERNEL allocation behave as GFP_NOFS.
 * Instances: -D correct_nesting | wrong_nesting | protected_nesting.
 */
#include <lockstep/kernel.h>

int main(void)
{
	fs_reclaim_acquire(GFP_KERNEL);
#if defined(correct_nesting)
	might_alloc(GFP_NOFS);
#elif defined(wrong_nesting)
	might_alloc(GFP_KERNEL);
#elif defined(protected_nesting)
	{
		unsigned int flags = memalloc_nofs_save();

		might_alloc(GFP_KERNEL);
		memalloc_nofs_restore(flags);
	}
#else
#error "choose a case"
#endif
	fs_reclaim_release(GFP_KERNEL);
	return 0;
}

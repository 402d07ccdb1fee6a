/* include/linux/sched/mm.h — mmgrab()/mmdrop() and mmput()'s declaration.
 * (Named sched_mm.h here: the model's include tree has no sched/ directory of its own.) */
#pragma once
#include <linux/mm_types.h>

static void __mmdrop(struct mm_struct *mm);

/* include/linux/sched/mm.h: mmgrab() */
static inline void mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}

/* include/linux/sched/mm.h: mmdrop() */
static inline void mmdrop(struct mm_struct *mm)
{
	if (atomic_dec_and_test(&mm->mm_count))
		__mmdrop(mm);
}

/* include/linux/sched/mm.h: mmget_not_zero() — a user reference, unless the last user has gone */
static inline bool mmget_not_zero(struct mm_struct *mm)
{
	return atomic_inc_not_zero(&mm->mm_users);
}

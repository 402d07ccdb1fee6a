/* kernel/fork.c — mmput()/__mmdrop(). */
#include <linux/mm_types.h>
#include <linux/sched_mm.h>

static void exit_mmap(struct mm_struct *mm);
static void __mmu_notifier_subscriptions_destroy(struct mm_struct *mm);

/* kernel/fork.c: __mmdrop() — the last mm_count reference: free the notifier subscriptions and the mm */
static void __mmdrop(struct mm_struct *mm)
{
	if (mm->notifier_subscriptions)
		__mmu_notifier_subscriptions_destroy(mm);
	kfree(mm);
}

/* kernel/fork.c: __mmput() */
static void __mmput(struct mm_struct *mm)
{
	exit_mmap(mm);
	mmdrop(mm);
}

/* kernel/fork.c: mmput() */
static void mmput(struct mm_struct *mm)
{
	might_sleep();

	if (atomic_dec_and_test(&mm->mm_users))
		__mmput(mm);
}

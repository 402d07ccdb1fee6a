/* kernel/fork.c — mmput()/__mmdrop(). */
#include <linux/mm_types.h>
#include <linux/sched_mm.h>
#include <linux/sched_task.h>

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

/* kernel/fork.c: sighand_ctor() — the sighand_cachep constructor */
static void sighand_ctor(struct sighand_struct *sighand)
{
	spin_lock_init(&sighand->siglock);
}

/* kernel/fork.c: copy_process() — the fields of the new task the model uses (the VMM's task_struct, at setup) */
static void copy_process(struct task_struct *p, struct signal_struct *sig, struct sighand_struct *sighand)
{
	spin_lock_init(&p->alloc_lock);
	atomic_set(&p->usage, 1);
	sighand_ctor(sighand);
	p->sighand = sighand;
	p->signal = sig;
}

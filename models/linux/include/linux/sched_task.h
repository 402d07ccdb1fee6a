/* include/linux/sched.h, include/linux/sched/signal.h, include/linux/sched/task.h — the OOM victim.
 *
 * Model: the victim *process* (the VMM, e.g. QEMU) is one statically allocated struct task_struct that stands
 * for its whole thread group: its vCPU threads and its other threads are the model's kthreads. The checker's
 * own task handles (kthread_run(), current) are opaque and never dereferenced; only this struct is.
 * get_task_struct()/put_task_struct() are counted but the struct is never freed (the victim's task_struct
 * outlives every actor of the model). */
#pragma once
#include <lockstep/kernel.h>
#include <linux/mm_types.h>

#ifndef NR_VCPUS
#define NR_VCPUS 1
#endif

#define SIGKILL 9

/* include/linux/sched/signal.h: signal->flags */
#define SIGNAL_GROUP_EXIT 0x00000004	/* group exit in progress (exit_group(), or a fatal signal was delivered) */

/* the model's bound on the threads of the victim process (vCPUs + madvise + memslot updater + the exiting thread) */
#define VMM_MAX_THREADS (NR_VCPUS + 3)

struct kvm_vcpu;

/* include/linux/sched/signal.h: struct signal_struct (the part the OOM killer uses) */
struct signal_struct {
	unsigned int flags;		/* SIGNAL_GROUP_EXIT */
	struct mm_struct *oom_mm;	/* recorded by mark_oom_victim() */
};

/* include/linux/sched/signal.h: struct sighand_struct */
struct sighand_struct {
	spinlock_t siglock;
};

/* include/linux/sched.h: struct task_struct (the part the model uses) */
struct task_struct {
	spinlock_t alloc_lock;			/* task_lock() */
	struct mm_struct *mm;
	struct signal_struct *signal;
	struct sighand_struct *sighand;
	unsigned long pending;			/* pending signals of the thread group (bit SIGKILL) */
	unsigned long tif_memdie;		/* TIF_MEMDIE */
	int pid;
	const char *comm;
	atomic_t usage;				/* get/put_task_struct */
	struct task_struct *oom_reaper_list;
	struct timer_list oom_reaper_timer;
	/* model: the checker tasks that stand for the threads of this process (for_each_thread()) */
	struct task_struct *threads[VMM_MAX_THREADS];
	int nr_threads;
};

/* include/linux/sched/task.h: task_lock() */
static inline void task_lock(struct task_struct *p)
{
	spin_lock(&p->alloc_lock);
}

/* include/linux/sched/task.h: task_unlock() */
static inline void task_unlock(struct task_struct *p)
{
	spin_unlock(&p->alloc_lock);
}

/* include/linux/sched/task.h: get_task_struct() */
static inline void get_task_struct(struct task_struct *t)
{
	atomic_inc(&t->usage);
}

/* include/linux/sched/task.h: put_task_struct() (never reaches zero in the model) */
static inline void put_task_struct(struct task_struct *t)
{
	atomic_dec(&t->usage);
}

/* include/linux/sched/signal.h: fatal_signal_pending() */
static inline int fatal_signal_pending(struct task_struct *p)
{
	return test_bit(SIGKILL, &p->pending);
}

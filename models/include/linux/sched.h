/* linux/sched.h — sleeping and the non-blocking section of mmu_notifier's non-blockable callbacks.
 * might_sleep(), cond_resched(), msleep() and schedule_timeout*() check the context (time itself is
 * abstracted away: they never wait). set_current_state(TASK_UNINTERRUPTIBLE) then schedule() sleeps until
 * wake_up_process() (or rcuwait_wake_up()) makes the task TASK_RUNNING again — a wake-up in between makes
 * schedule() return at once; schedule() in atomic or non-block context is reported. */
#pragma once
#include <linux/preempt.h>

#define TASK_RUNNING 0
#define TASK_INTERRUPTIBLE 1
#define TASK_UNINTERRUPTIBLE 2
#define TASK_NOLOAD 0x0400
#define TASK_IDLE (TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define MAX_SCHEDULE_TIMEOUT 0x7fffffff
#define HZ 1000

struct task_struct;

void might_sleep(void);
int cond_resched(void);
void schedule(void);
void msleep(unsigned int msecs);
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
void set_current_state(long state);
void __set_current_state(long state);
int wake_up_process(struct task_struct *p);
void non_block_start(void);
void non_block_end(void);

struct task_struct *get_current(void);
#define current get_current()

/* include/linux/oom.h: tsk_is_oom_victim() as the page allocator sees it. lockstep_mark_oom_victim(task) is what
 * mark_oom_victim() publishes (signal->oom_mm) for one thread of the victim process; from then on that thread's
 * reclaiming allocations of order <= PAGE_ALLOC_COSTLY_ORDER may fail (mm/page_alloc.c, __alloc_pages_slowpath()).
 * lockstep_user_task(): the calling thread stands for a user-space task (kernel threads are never OOM victims). */
void lockstep_mark_oom_victim(struct task_struct *task);
void lockstep_user_task(void);

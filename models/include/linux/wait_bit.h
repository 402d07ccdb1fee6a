/* linux/wait_bit.h — wait_var_event(var, condition) / wake_up_var(var) (kernel/sched/wait_bit.c, v6.19): a waiter
 * sleeps on a wait queue hashed from the address of var until condition holds; wake_up_var(var) wakes the waiters of
 * that address. The model hashes every address to one queue: a wake-up for another variable only makes a waiter
 * re-test its condition, which the kernel's hash collisions do too. As in the kernel, the store the condition reads
 * must come before wake_up_var(). */
#pragma once
#include <linux/wait.h>

static wait_queue_head_t __lockstep_var_waitqueue;

#define wait_var_event(var, condition) \
	do { (void)(var); if (condition) break; __wait_event(__lockstep_var_waitqueue, condition, TASK_UNINTERRUPTIBLE); } while (0)
#define wait_var_event_killable(var, condition) \
	({ (void)(var); (condition) ? 0 : __wait_event(__lockstep_var_waitqueue, condition, TASK_UNINTERRUPTIBLE); })
#define wait_var_event_interruptible(var, condition) \
	({ (void)(var); (condition) ? 0 : __wait_event(__lockstep_var_waitqueue, condition, TASK_INTERRUPTIBLE); })
#define wake_up_var(var) do { (void)(var); wake_up_all(&__lockstep_var_waitqueue); } while (0)

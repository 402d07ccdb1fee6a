/* linux/wait.h — wait queues, as kernel/sched/wait.c keeps them. wait_event() sleeps uninterruptibly (never
 * woken = hung task); wait_event_interruptible()/wait_event_freezable() sleep interruptibly and wait_event_idle()
 * in TASK_IDLE, which is how a daemon kthread idles: a thread left there when all others are done is a valid end
 * state, not a deadlock. A waiter is on the queue from prepare_to_wait_event() until a wake-up takes it off (or
 * finish_wait()), so waitqueue_active() is true only then — and it implies no barrier: sampling it before the
 * condition is published loses the wake-up. wake_up_process() of a waiter also ends its sleep (it re-tests the
 * condition), and an interruptible wait returns -ERESTARTSYS once kthread_stop() has signalled the thread. */
#pragma once
#include <linux/sched.h>

typedef struct wait_queue_head { long __seq; long __waiters; } wait_queue_head_t;

#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = { .__seq = 0 }
void init_waitqueue_head(wait_queue_head_t *wq);
long __wait_prepare(wait_queue_head_t *wq, long state);
int __wait_block(wait_queue_head_t *wq, long seq, long state);
void __wait_finish(wait_queue_head_t *wq);
void wake_up(wait_queue_head_t *wq);
void wake_up_all(wait_queue_head_t *wq);
void wake_up_interruptible(wait_queue_head_t *wq);
void wake_up_interruptible_all(wait_queue_head_t *wq);
int waitqueue_active(wait_queue_head_t *wq);

#define __wait_event(wq, condition, state)                           \
	({                                                               \
		long __ws;                                                   \
		int __wret = 0;                                              \
		for (;;) {                                                   \
			__ws = __wait_prepare(&(wq), (state));                   \
			if (condition)                                           \
				break;                                               \
			__wret = __wait_block(&(wq), __ws, (state));             \
			if (__wret)                                              \
				break;                                               \
		}                                                            \
		__wait_finish(&(wq));                                        \
		__wret;                                                      \
	})

#define wait_event(wq, condition) __wait_event(wq, condition, TASK_UNINTERRUPTIBLE)
#define wait_event_interruptible(wq, condition) __wait_event(wq, condition, TASK_INTERRUPTIBLE)
#define wait_event_freezable(wq, condition) __wait_event(wq, condition, TASK_INTERRUPTIBLE)
#define wait_event_killable(wq, condition) __wait_event(wq, condition, TASK_UNINTERRUPTIBLE)
#define wait_event_idle(wq, condition) __wait_event(wq, condition, TASK_IDLE)

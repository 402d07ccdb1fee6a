/* linux/wait.h — wait queues. wait_event() sleeps uninterruptibly (never woken = hung task);
 * wait_event_interruptible()/wait_event_freezable() sleep interruptibly, which is how a daemon kthread idles:
 * a thread left there when all others are done is a valid end state, not a deadlock. */
#pragma once
#include <linux/sched.h>

typedef struct wait_queue_head { long __seq; long __waiters; } wait_queue_head_t;

#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = { .__seq = 0 }
void init_waitqueue_head(wait_queue_head_t *wq);
long __wait_prepare(wait_queue_head_t *wq);
void __wait_block(wait_queue_head_t *wq, long seq, int state);
void __wait_finish(wait_queue_head_t *wq);
void wake_up(wait_queue_head_t *wq);
void wake_up_all(wait_queue_head_t *wq);
void wake_up_interruptible(wait_queue_head_t *wq);
int waitqueue_active(wait_queue_head_t *wq);

#define __wait_event(wq, condition, state)                           \
	do {                                                             \
		long __ws;                                                   \
		for (;;) {                                                   \
			__ws = __wait_prepare(&(wq));                            \
			if (condition)                                           \
				break;                                               \
			__wait_block(&(wq), __ws, (state));                      \
		}                                                            \
		__wait_finish(&(wq));                                        \
	} while (0)

#define wait_event(wq, condition) __wait_event(wq, condition, TASK_UNINTERRUPTIBLE)
#define wait_event_interruptible(wq, condition) __wait_event(wq, condition, TASK_INTERRUPTIBLE)
#define wait_event_freezable(wq, condition) __wait_event(wq, condition, TASK_INTERRUPTIBLE)
#define wait_event_idle(wq, condition) __wait_event(wq, condition, TASK_INTERRUPTIBLE)

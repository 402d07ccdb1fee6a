/* linux/srcu.h — sleepable RCU. synchronize_srcu(s) returns once every reader of s that entered before it has
 * left; inside s's own read side it never returns, and lockdep reports it first ("possible recursive locking
 * detected", lock(srcu) at __synchronize_srcu). */
#pragma once
#include <linux/lockdep.h>
#include <linux/preempt.h>

struct srcu_struct { long __idx; long __readers0; long __readers1; const char *__name; long __key; long __gp; long __callbacks; };

/* As the kernel's callback_head, plus the domain a queued callback waits on (kept by call_srcu) and, for
 * kfree_rcu(), the object to free. */
struct rcu_head { struct rcu_head *next; void (*func)(struct rcu_head *head); struct srcu_struct *__ssp; void *__obj; };
#define callback_head rcu_head

#define DEFINE_SRCU(name) struct srcu_struct name = { .__name = #name }
#define DEFINE_STATIC_SRCU(name) static struct srcu_struct name = { .__name = #name }
int __init_srcu_struct(struct srcu_struct *ssp, const char *name);
#define init_srcu_struct(ssp) __init_srcu_struct((ssp), #ssp)
#define cleanup_srcu_struct(ssp) do { } while (0)

int srcu_read_lock(struct srcu_struct *ssp);
void srcu_read_unlock(struct srcu_struct *ssp, int idx);
void synchronize_srcu(struct srcu_struct *ssp);
void synchronize_srcu_expedited(struct srcu_struct *ssp);
#define srcu_dereference(p, ssp) (p)
#define srcu_dereference_check(p, ssp, c) (p)
#define srcu_read_lock_held(ssp) 1

/* call_srcu(): func(head) runs on an SRCU callback thread once a grace period has elapsed, with bottom halves
 * disabled as srcu_invoke_callbacks() runs them; srcu_barrier() waits for every callback already queued. */
void __call_srcu(struct srcu_struct *ssp, struct rcu_head *head, void (*func)(struct rcu_head *head), int (*runner)(void *data));
void __lockstep_srcu_callback_done(struct srcu_struct *ssp);
void srcu_barrier(struct srcu_struct *ssp);

static int __lockstep_srcu_callback(void *data)
{
	struct rcu_head *head = data;
	struct srcu_struct *ssp = head->__ssp;

	synchronize_srcu(ssp);
	local_bh_disable();
	head->func(head);
	local_bh_enable();
	__lockstep_srcu_callback_done(ssp);
	return 0;
}

#define call_srcu(ssp, head, f) __call_srcu((ssp), (head), (f), __lockstep_srcu_callback)

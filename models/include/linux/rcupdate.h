/* linux/rcupdate.h — RCU (v6.19, consolidated RCU: kernel/rcu/tree.c). Read sections of every flavour nest:
 * rcu_read_lock(), rcu_read_lock_bh() (which also disables bottom halves) and rcu_read_lock_sched() (which also
 * disables preemption); synchronize_rcu() returns once every reader of any flavour that was inside when it began has
 * left — the one grace period the kernel has had since v4.20. Lockdep sees each flavour as its own map, as
 * kernel/rcu/update.c defines them: rcu_lock_map "rcu_read_lock" and rcu_bh_lock_map "rcu_read_lock_bh" (wait
 * types {1:3}: a spinlock_t may be taken inside), rcu_sched_lock_map "rcu_read_lock_sched" ({1:2}: only raw
 * spinlocks inside, under PROVE_RAW_LOCK_NESTING). Unlocking with another flavour than the one locked is lockdep's
 * bad unlock balance. call_rcu() runs its callback on a callback thread after a grace period; kfree_rcu() frees the
 * object after one; rcu_barrier() waits for every callback already queued. Pointer publication is a plain store
 * under sequential consistency. */
#pragma once
#include <linux/srcu.h>
#include <linux/preempt.h>

/* The one RCU state, with the three lockdep maps in the same object. */
struct __lockstep_rcu_state {
	struct srcu_struct srcu;
	struct lockdep_map rcu_lock_map;
	struct lockdep_map rcu_bh_lock_map;
	struct lockdep_map rcu_sched_lock_map;
};
static struct __lockstep_rcu_state __lockstep_rcu_state = {
	.srcu = { .__name = "rcu_read_lock" },
	.rcu_lock_map = { .name = "rcu_read_lock" },
	.rcu_bh_lock_map = { .name = "rcu_read_lock_bh" },
	.rcu_sched_lock_map = { .name = "rcu_read_lock_sched" },
};
#define __lockstep_rcu (__lockstep_rcu_state.srcu)
#define rcu_lock_map (__lockstep_rcu_state.rcu_lock_map)
#define rcu_bh_lock_map (__lockstep_rcu_state.rcu_bh_lock_map)
#define rcu_sched_lock_map (__lockstep_rcu_state.rcu_sched_lock_map)

/* __rcu_read_lock(rcu, map, flavour): flavour 0 = rcu, 1 = bh, 2 = sched. */
void __rcu_read_lock(struct srcu_struct *rcu, struct lockdep_map *map, int flavour);
void __rcu_read_unlock(struct srcu_struct *rcu, struct lockdep_map *map, int flavour);
void __synchronize_rcu(struct srcu_struct *rcu);
#define rcu_read_lock() __rcu_read_lock(&__lockstep_rcu, &rcu_lock_map, 0)
#define rcu_read_unlock() __rcu_read_unlock(&__lockstep_rcu, &rcu_lock_map, 0)
#define rcu_read_lock_bh() do { local_bh_disable(); __rcu_read_lock(&__lockstep_rcu, &rcu_bh_lock_map, 1); } while (0)
#define rcu_read_unlock_bh() do { __rcu_read_unlock(&__lockstep_rcu, &rcu_bh_lock_map, 1); local_bh_enable(); } while (0)
#define rcu_read_lock_sched() do { preempt_disable(); __rcu_read_lock(&__lockstep_rcu, &rcu_sched_lock_map, 2); } while (0)
#define rcu_read_unlock_sched() do { __rcu_read_unlock(&__lockstep_rcu, &rcu_sched_lock_map, 2); preempt_enable(); } while (0)
#define rcu_read_lock_sched_notrace() rcu_read_lock_sched()
#define rcu_read_unlock_sched_notrace() rcu_read_unlock_sched()
#define synchronize_rcu() __synchronize_rcu(&__lockstep_rcu)
#define synchronize_rcu_expedited() __synchronize_rcu(&__lockstep_rcu)
#define rcu_assign_pointer(p, v) ((p) = (v))
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#define rcu_dereference(p) (p)
#define rcu_dereference_bh(p) (p)
#define rcu_dereference_sched(p) (p)
#define rcu_dereference_check(p, c) (p)
#define rcu_dereference_protected(p, c) (p)
#define rcu_dereference_raw(p) (p)
#define rcu_access_pointer(p) (p)
#define rcu_read_lock_held() 1
#define rcu_read_lock_bh_held() 1
#define rcu_read_lock_sched_held() 1

#define call_rcu(head, f) __call_srcu(&__lockstep_rcu, (head), (f), __lockstep_srcu_callback)
#define rcu_barrier() srcu_barrier(&__lockstep_rcu)

/* kfree_rcu(ptr, rhf) (kvfree_call_rcu()): the object is freed after a grace period, by the callback thread;
 * kfree_rcu_mightsleep(ptr) waits for the grace period itself (it may sleep). */
#include <linux/slab.h>
static void __lockstep_kfree_rcu(struct rcu_head *head)
{
	kfree(head->__obj);
}
#define kfree_rcu(ptr, rhf) \
	do { __typeof__(ptr) ___p = (ptr); if (___p) { ___p->rhf.__obj = ___p; call_rcu(&___p->rhf, __lockstep_kfree_rcu); } } while (0)
#define kvfree_rcu(ptr, rhf) kfree_rcu(ptr, rhf)
#define kfree_rcu_mightsleep(ptr) do { synchronize_rcu(); kfree(ptr); } while (0)

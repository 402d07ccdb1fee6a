/* linux/rcupdate.h — RCU: rcu_read_lock() sections nest; synchronize_rcu() waits for every reader that was
 * inside when it began. Pointer publication is a plain store under sequential consistency. */
#pragma once
#include <linux/srcu.h>

static struct srcu_struct __lockstep_rcu = { .__name = "rcu_read_lock" };

void __rcu_read_lock(struct srcu_struct *rcu);
void __rcu_read_unlock(struct srcu_struct *rcu);
void __synchronize_rcu(struct srcu_struct *rcu);
#define rcu_read_lock() __rcu_read_lock(&__lockstep_rcu)
#define rcu_read_unlock() __rcu_read_unlock(&__lockstep_rcu)
#define synchronize_rcu() __synchronize_rcu(&__lockstep_rcu)
#define rcu_assign_pointer(p, v) ((p) = (v))
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#define rcu_dereference(p) (p)
#define rcu_dereference_protected(p, c) (p)
#define rcu_dereference_raw(p) (p)
#define rcu_access_pointer(p) (p)
#define rcu_read_lock_held() 1

#define call_rcu(head, f) __call_srcu(&__lockstep_rcu, (head), (f), __lockstep_srcu_callback)
#define rcu_barrier() srcu_barrier(&__lockstep_rcu)

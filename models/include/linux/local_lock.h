/* linux/local_lock.h — local_lock_t (include/linux/local_lock_internal.h, v6.19): a per-CPU lock. Each CPU has its
 * own instance, so it never makes another thread wait; on its own CPU it excludes preemption (local_lock) or
 * interrupts (local_lock_irq/irqsave) as well. Lockdep sees one class per local_lock_t with a spinlock_t's wait
 * types. On PREEMPT_RT it is a per-CPU spinlock_t behind migrate_disable() — a sleeping lock, interrupts stay on. */
#pragma once
#include <linux/lockdep.h>
#include <linux/preempt.h>

typedef struct { struct lockdep_map dep_map; } local_lock_t;
#define INIT_LOCAL_LOCK(lockname) { .dep_map = { .name = #lockname } }
#define local_lock_init(l) __lockdep_init_map(&(l)->dep_map, #l)

void __local_lock_acquire(local_lock_t *l);
void __local_lock_release(local_lock_t *l);

#ifdef CONFIG_PREEMPT_RT
#define local_lock(l) do { migrate_disable(); __local_lock_acquire(l); } while (0)
#define local_unlock(l) do { __local_lock_release(l); migrate_enable(); } while (0)
#define local_lock_irq(l) local_lock(l)
#define local_unlock_irq(l) local_unlock(l)
#define local_lock_irqsave(l, flags) do { (flags) = 0; local_lock(l); } while (0)
#define local_unlock_irqrestore(l, flags) local_unlock(l)
#else
#define local_lock(l) do { preempt_disable(); __local_lock_acquire(l); } while (0)
#define local_unlock(l) do { __local_lock_release(l); preempt_enable(); } while (0)
#define local_lock_irq(l) do { local_irq_disable(); __local_lock_acquire(l); } while (0)
#define local_unlock_irq(l) do { __local_lock_release(l); local_irq_enable(); } while (0)
#define local_lock_irqsave(l, flags) do { local_irq_save(flags); __local_lock_acquire(l); } while (0)
#define local_unlock_irqrestore(l, flags) do { __local_lock_release(l); local_irq_restore(flags); } while (0)
#endif
#define this_cpu_ptr(p) (p)

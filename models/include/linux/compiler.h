/* linux/compiler.h — READ_ONCE/WRITE_ONCE and barriers.
 * Lockstep explores sequentially consistent executions: every access to shared memory is already a single
 * indivisible step, so READ_ONCE/WRITE_ONCE are plain accesses and the barriers are no-ops. */
#pragma once

#define READ_ONCE(x) (x)
#define WRITE_ONCE(x, val) ((x) = (val))
#define barrier() do { } while (0)
/* cpu_relax(): a busy-wait hint; it neither sleeps nor yields (a spin loop spins). */
#define cpu_relax() do { } while (0)
#define smp_mb() do { } while (0)
#define smp_rmb() do { } while (0)
#define smp_wmb() do { } while (0)
#define smp_mb__before_atomic() do { } while (0)
#define smp_mb__after_atomic() do { } while (0)
#define smp_store_release(p, v) (*(p) = (v))
#define smp_load_acquire(p) (*(p))
#define likely(x) (x)
#define unlikely(x) (x)
#define __must_check
#define __always_inline inline
#define noinline
#define __init
#define __exit
#define __rcu
#define __user
#define __iomem
#define __percpu
#define __read_mostly

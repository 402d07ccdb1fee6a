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
#define smp_acquire__after_ctrl_dep() do { } while (0)
/* smp_cond_load_relaxed/acquire(ptr, cond_expr) (include/asm-generic/barrier.h): spin, re-reading *ptr into VAL, until
 * cond_expr (which names VAL) holds; the value that satisfied it is the result. A spin that never ends is
 * reported as non-progress (or a soft lockup with preemption off). */
#define smp_cond_load_relaxed(ptr, cond_expr) ({ \
	__typeof__(ptr) __PTR = (ptr); \
	__typeof__(*(ptr)) VAL; \
	for (;;) { \
		VAL = READ_ONCE(*__PTR); \
		if (cond_expr) \
			break; \
		cpu_relax(); \
	} \
	VAL; \
})
#define smp_cond_load_acquire(ptr, cond_expr) smp_cond_load_relaxed(ptr, cond_expr)
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

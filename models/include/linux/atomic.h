/* linux/atomic.h — atomic_t, atomic_long_t, atomic64_t, xchg and cmpxchg: each call is one indivisible step. xchg(),
 * cmpxchg() and try_cmpxchg() work on every width (u8 ... u64, pointers) as the kernel's do: the new value is
 * converted to the type *ptr has (so it wraps as a store of that type would) and the result has that type, so
 * pointers need no casts. The _relaxed/_acquire/_release orderings are the fully ordered operation (the model is
 * sequentially consistent). */
#pragma once

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
#define ATOMIC_INIT(i) { (i) }
#define ATOMIC_LONG_INIT(i) { (i) }

long xchg(void *ptr, long value);
long cmpxchg(void *ptr, long old, long value);
#define xchg(ptr, v) ((__typeof__(*(ptr)))xchg((ptr), (long)(__typeof__(*(ptr)))(v)))
#define cmpxchg(ptr, o, n) ((__typeof__(*(ptr)))cmpxchg((ptr), (long)(__typeof__(*(ptr)))(o), (long)(__typeof__(*(ptr)))(n)))
#define try_cmpxchg(ptr, po, n) ({ __typeof__(*(ptr)) __o = *(po); __typeof__(*(ptr)) __r = cmpxchg((ptr), __o, (n)); if (__r != __o) *(po) = __r; __r == __o; })
#define xchg_relaxed(ptr, v) xchg((ptr), (v))
#define xchg_acquire(ptr, v) xchg((ptr), (v))
#define xchg_release(ptr, v) xchg((ptr), (v))
#define cmpxchg_relaxed(ptr, o, n) cmpxchg((ptr), (o), (n))
#define cmpxchg_acquire(ptr, o, n) cmpxchg((ptr), (o), (n))
#define cmpxchg_release(ptr, o, n) cmpxchg((ptr), (o), (n))
#define cmpxchg64(ptr, o, n) cmpxchg((ptr), (o), (n))
#define try_cmpxchg_relaxed(ptr, po, n) try_cmpxchg((ptr), (po), (n))
#define try_cmpxchg_acquire(ptr, po, n) try_cmpxchg((ptr), (po), (n))
#define try_cmpxchg_release(ptr, po, n) try_cmpxchg((ptr), (po), (n))
#define try_cmpxchg64(ptr, po, n) try_cmpxchg((ptr), (po), (n))

int atomic_read(const atomic_t *v);
void atomic_set(atomic_t *v, int i);
void atomic_inc(atomic_t *v);
void atomic_dec(atomic_t *v);
void atomic_add(int i, atomic_t *v);
void atomic_sub(int i, atomic_t *v);
int atomic_inc_return(atomic_t *v);
int atomic_dec_return(atomic_t *v);
int atomic_add_return(int i, atomic_t *v);
int atomic_sub_return(int i, atomic_t *v);
int atomic_fetch_add(int i, atomic_t *v);
bool atomic_dec_and_test(atomic_t *v);
bool atomic_inc_and_test(atomic_t *v);
int atomic_xchg(atomic_t *v, int i);
int atomic_cmpxchg(atomic_t *v, int old, int value);
bool atomic_inc_not_zero(atomic_t *v);

long atomic_long_read(const atomic_long_t *v);
void atomic_long_set(atomic_long_t *v, long i);
void atomic_long_inc(atomic_long_t *v);
void atomic_long_dec(atomic_long_t *v);
void atomic_long_add(long i, atomic_long_t *v);
void atomic_long_sub(long i, atomic_long_t *v);
long atomic_long_inc_return(atomic_long_t *v);
long atomic_long_dec_return(atomic_long_t *v);
long atomic_long_add_return(long i, atomic_long_t *v);
long atomic_long_sub_return(long i, atomic_long_t *v);
long atomic_long_fetch_add(long i, atomic_long_t *v);
bool atomic_long_dec_and_test(atomic_long_t *v);
bool atomic_long_inc_and_test(atomic_long_t *v);
long atomic_long_xchg(atomic_long_t *v, long i);
long atomic_long_cmpxchg(atomic_long_t *v, long old, long value);
bool atomic_long_inc_not_zero(atomic_long_t *v);

int atomic_fetch_sub(int i, atomic_t *v);
int atomic_fetch_inc(atomic_t *v);
int atomic_fetch_dec(atomic_t *v);
int atomic_fetch_or(int i, atomic_t *v);
int atomic_fetch_and(int i, atomic_t *v);
int atomic_fetch_andnot(int i, atomic_t *v);
void atomic_or(int i, atomic_t *v);
void atomic_and(int i, atomic_t *v);
void atomic_andnot(int i, atomic_t *v);
bool atomic_sub_and_test(int i, atomic_t *v);
bool atomic_add_negative(int i, atomic_t *v);
bool atomic_add_unless(atomic_t *v, int a, int u);
int atomic_dec_if_positive(atomic_t *v);
#define atomic_try_cmpxchg(v, po, n) ({ int __o = *(po); int __r = atomic_cmpxchg((v), __o, (n)); if (__r != __o) *(po) = __r; __r == __o; })
#define atomic_inc_unless_negative(v) ({ int __c = atomic_read(v); bool __ok = false; while (__c >= 0 && !(__ok = atomic_try_cmpxchg((v), &__c, __c + 1))) { } __ok; })
#define atomic_read_acquire(v) atomic_read(v)
#define atomic_set_release(v, i) atomic_set((v), (i))
#define atomic_fetch_add_relaxed(i, v) atomic_fetch_add((i), (v))
#define atomic_fetch_sub_release(i, v) atomic_fetch_sub((i), (v))
#define atomic_xchg_relaxed(v, i) atomic_xchg((v), (i))
#define atomic_cmpxchg_relaxed(v, o, n) atomic_cmpxchg((v), (o), (n))
#define atomic_cmpxchg_acquire(v, o, n) atomic_cmpxchg((v), (o), (n))
#define atomic_cmpxchg_release(v, o, n) atomic_cmpxchg((v), (o), (n))
#define atomic_try_cmpxchg_relaxed(v, po, n) atomic_try_cmpxchg((v), (po), (n))
#define atomic_try_cmpxchg_acquire(v, po, n) atomic_try_cmpxchg((v), (po), (n))
#define atomic_try_cmpxchg_release(v, po, n) atomic_try_cmpxchg((v), (po), (n))
#define atomic_cond_read_acquire(v, c) smp_cond_load_acquire(&(v)->counter, (c))
#define atomic_cond_read_relaxed(v, c) smp_cond_load_relaxed(&(v)->counter, (c))

long atomic_long_fetch_sub(long i, atomic_long_t *v);
long atomic_long_fetch_inc(atomic_long_t *v);
long atomic_long_fetch_dec(atomic_long_t *v);
long atomic_long_fetch_or(long i, atomic_long_t *v);
long atomic_long_fetch_and(long i, atomic_long_t *v);
long atomic_long_fetch_andnot(long i, atomic_long_t *v);
void atomic_long_or(long i, atomic_long_t *v);
void atomic_long_and(long i, atomic_long_t *v);
void atomic_long_andnot(long i, atomic_long_t *v);
bool atomic_long_sub_and_test(long i, atomic_long_t *v);
bool atomic_long_add_negative(long i, atomic_long_t *v);
bool atomic_long_add_unless(atomic_long_t *v, long a, long u);
long atomic_long_dec_if_positive(atomic_long_t *v);
#define atomic_long_try_cmpxchg(v, po, n) ({ long __o = *(po); long __r = atomic_long_cmpxchg((v), __o, (n)); if (__r != __o) *(po) = __r; __r == __o; })
#define atomic_long_inc_unless_negative(v) ({ long __c = atomic_long_read(v); bool __ok = false; while (__c >= 0 && !(__ok = atomic_long_try_cmpxchg((v), &__c, __c + 1))) { } __ok; })
#define atomic_long_read_acquire(v) atomic_long_read(v)
#define atomic_long_set_release(v, i) atomic_long_set((v), (i))
#define atomic_long_fetch_add_relaxed(i, v) atomic_long_fetch_add((i), (v))
#define atomic_long_fetch_sub_release(i, v) atomic_long_fetch_sub((i), (v))
#define atomic_long_xchg_relaxed(v, i) atomic_long_xchg((v), (i))
#define atomic_long_cmpxchg_relaxed(v, o, n) atomic_long_cmpxchg((v), (o), (n))
#define atomic_long_cmpxchg_acquire(v, o, n) atomic_long_cmpxchg((v), (o), (n))
#define atomic_long_cmpxchg_release(v, o, n) atomic_long_cmpxchg((v), (o), (n))
#define atomic_long_try_cmpxchg_relaxed(v, po, n) atomic_long_try_cmpxchg((v), (po), (n))
#define atomic_long_try_cmpxchg_acquire(v, po, n) atomic_long_try_cmpxchg((v), (po), (n))
#define atomic_long_try_cmpxchg_release(v, po, n) atomic_long_try_cmpxchg((v), (po), (n))
#define atomic_long_cond_read_acquire(v, c) smp_cond_load_acquire(&(v)->counter, (c))
#define atomic_long_cond_read_relaxed(v, c) smp_cond_load_relaxed(&(v)->counter, (c))

/* atomic64_t: a 64-bit counter, the same operations as atomic_long_t. */
typedef atomic_long_t atomic64_t;
#define ATOMIC64_INIT(i) { (i) }
#define atomic64_read(v) atomic_long_read(v)
#define atomic64_set(v, i) atomic_long_set((v), (i))
#define atomic64_inc(v) atomic_long_inc(v)
#define atomic64_dec(v) atomic_long_dec(v)
#define atomic64_add(i, v) atomic_long_add((i), (v))
#define atomic64_sub(i, v) atomic_long_sub((i), (v))
#define atomic64_inc_return(v) atomic_long_inc_return(v)
#define atomic64_dec_return(v) atomic_long_dec_return(v)
#define atomic64_add_return(i, v) atomic_long_add_return((i), (v))
#define atomic64_fetch_add(i, v) atomic_long_fetch_add((i), (v))
#define atomic64_dec_and_test(v) atomic_long_dec_and_test(v)
#define atomic64_xchg(v, i) atomic_long_xchg((v), (i))
#define atomic64_cmpxchg(v, o, n) atomic_long_cmpxchg((v), (o), (n))
#define atomic64_try_cmpxchg(v, po, n) atomic_long_try_cmpxchg((v), (po), (n))
#define atomic64_inc_not_zero(v) atomic_long_inc_not_zero(v)

/* linux/atomic.h — atomic_t, atomic_long_t, xchg and cmpxchg: each call is one indivisible step. xchg() and
 * cmpxchg() are typed like the kernel's: they return the type *ptr has, so pointers need no casts. */
#pragma once

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
#define ATOMIC_INIT(i) { (i) }
#define ATOMIC_LONG_INIT(i) { (i) }

long xchg(void *ptr, long value);
long cmpxchg(void *ptr, long old, long value);
#define xchg(ptr, v) ((__typeof__(*(ptr)))xchg((ptr), (long)(v)))
#define cmpxchg(ptr, o, n) ((__typeof__(*(ptr)))cmpxchg((ptr), (long)(o), (long)(n)))
#define try_cmpxchg(ptr, po, n) ({ __typeof__(*(ptr)) __o = *(po); __typeof__(*(ptr)) __r = cmpxchg((ptr), __o, (n)); if (__r != __o) *(po) = __r; __r == __o; })

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

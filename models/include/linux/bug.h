/* linux/bug.h — WARN_ON, BUG_ON, and Lockstep's model-only assert and nondeterminism.
 * WARN_ON(c) evaluates to c like the kernel's; a warning that fires is a bug of kind warn-on (the search stops
 * there, as panic_on_warn would). */
#pragma once

int __lockstep_assert(int cond, const char *text);
int __lockstep_warn_on(int cond, const char *text);
int __lockstep_bug_on(int cond, const char *text);

#define assert(e) __lockstep_assert(!!(e), #e)
#define WARN_ON(c) __lockstep_warn_on(!!(c), #c)
#define WARN_ON_ONCE(c) __lockstep_warn_on(!!(c), #c)
#define WARN(c, ...) __lockstep_warn_on(!!(c), #c)
#define WARN_ONCE(c, ...) __lockstep_warn_on(!!(c), #c)
#define BUG_ON(c) __lockstep_bug_on(!!(c), #c)
#define BUG() __lockstep_bug_on(1, "BUG()")

/* Model-only: a value the search chooses, every value in [lo, hi] explored. */
int nondet_int(int lo, int hi);
#define nondet_bool() (nondet_int(0, 1) != 0)

/* Model-only: LOCKSTEP_INVARIANT(name) { return ...; } is checked after every step. */
#define LOCKSTEP_INVARIANT(name) static bool __lockstep_invariant_##name(void)

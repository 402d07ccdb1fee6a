/* linux/rcuwait.h — a single waiter, as kvm_swap_active_memslots() uses mn_memslots_update_rcuwait.
 * rcuwait_wait_event() publishes the waiter before it tests the condition, then blocks until woken and tests
 * again, like the kernel's loop, so a wake-up between the test and the block is not lost. The wait is
 * uninterruptible (TASK_UNINTERRUPTIBLE): a waiter never woken is a hung task. */
#pragma once
#include <linux/sched.h>

struct rcuwait { long __task; long __woken; };

#define __RCUWAIT_INITIALIZER(name) { .__task = 0 }
void rcuwait_init(struct rcuwait *w);
void __rcuwait_prepare(struct rcuwait *w);
void __rcuwait_block(struct rcuwait *w, int state);
void __rcuwait_finish(struct rcuwait *w);
int rcuwait_wake_up(struct rcuwait *w);
int rcuwait_active(struct rcuwait *w);
/* The open-coded form kvm_swap_active_memslots() uses: publish the waiter, then
 * set_current_state()/schedule() until woken, then retract it. */
void prepare_to_rcuwait(struct rcuwait *w);
void finish_rcuwait(struct rcuwait *w);

#define rcuwait_wait_event(w, condition, state)                 \
	do {                                                        \
		might_sleep();                                          \
		__rcuwait_prepare(w);                                   \
		while (!(condition))                                    \
			__rcuwait_block((w), (state));                      \
		__rcuwait_finish(w);                                    \
	} while (0)

/* linux/timer.h — timers, as kernel/time/timer.c keeps their contract. mod_timer()/add_timer() arm a timer whose
 * callback runs later, in softirq context, on a runner thread (expiry times are abstracted away: "later" is any
 * point of the search; re-arming a pending timer leaves it armed once). The softirq detaches the timer before it
 * calls the callback, so the callback may re-arm it (the new expiry waits for the running callback) or free it
 * (nothing touches the timer after the callback returns). del_timer_sync() does not sleep on !PREEMPT_RT (it
 * spins until the callback is not running, then removes a re-armed timer), so it is legal with bottom halves
 * disabled; lockdep sees it take the timer's lockdep map, which the softirq holds around the callback, so
 * calling it under a lock the callback takes, or from the callback itself, is reported. timer_shutdown_sync()
 * also makes later mod_timer() calls do nothing. */
#pragma once
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/lockdep.h>

struct timer_list;
typedef void (*__lockstep_timer_fn)(struct timer_list *);
struct timer_list { long __pending; __lockstep_timer_fn function; long expires; long flags; struct lockdep_map lockdep_map; };

__lockstep_timer_fn __lockstep_timer_start(struct timer_list *timer);
void __lockstep_timer_done(struct timer_list *timer);
int __mod_timer(struct timer_list *timer, int (*runner)(void *data));
int __timer_delete_sync(struct timer_list *timer, int shutdown);
int __timer_delete(struct timer_list *timer, int shutdown);
int timer_pending(const struct timer_list *timer);

/* expire_timers() / call_timer_fn(): the callback runs in softirq context holding the timer's lockdep map. */
static int __lockstep_timer_softirq(void *data)
{
	struct timer_list *timer = data;
	__lockstep_timer_fn fn = __lockstep_timer_start(timer);

	if (fn) {
		softirq_enter();
		lock_map_acquire(&timer->lockdep_map);
		fn(timer);
		lock_map_release(&timer->lockdep_map);
		softirq_exit();
		__lockstep_timer_done(timer);
	}
	return 0;
}

/* __timer_delete_sync(): under CONFIG_LOCKDEP, take and release the timer's map with interrupts disabled. */
static int __lockstep_timer_delete_sync(struct timer_list *timer, int shutdown)
{
#ifndef CONFIG_NO_LOCKDEP
	unsigned long flags;

	local_irq_save(flags);
	lock_map_acquire(&timer->lockdep_map);
	lock_map_release(&timer->lockdep_map);
	local_irq_restore(flags);
#endif
	return __timer_delete_sync(timer, shutdown);
}

#define jiffies 0
#define TIMER_IRQSAFE 0x00200000
#define timer_setup(t, fn, fl) do { (t)->__pending = 0; (t)->function = (fn); (t)->flags = (fl); __lockdep_init_map(&(t)->lockdep_map, "(" #t ")"); } while (0)
#define __TIMER_INITIALIZER(n, fn, fl) { .__pending = 0, .function = (fn), .flags = (fl), .lockdep_map = { .name = #n } }
#define DEFINE_TIMER(n, fn) struct timer_list n = __TIMER_INITIALIZER(n, fn, 0)
#define mod_timer(t, exp) __mod_timer((t), __lockstep_timer_softirq)
#define add_timer(t) __mod_timer((t), __lockstep_timer_softirq)
#define timer_reduce(t, exp) __mod_timer((t), __lockstep_timer_softirq)
#define timer_delete_sync(t) __lockstep_timer_delete_sync((t), 0)
#define del_timer_sync(t) __lockstep_timer_delete_sync((t), 0)
#define timer_shutdown_sync(t) __lockstep_timer_delete_sync((t), 1)
#define timer_delete(t) __timer_delete((t), 0)
#define del_timer(t) __timer_delete((t), 0)
#define timer_shutdown(t) __timer_delete((t), 1)
#define from_timer(var, t, field) container_of(t, __typeof__(*var), field)
#define timer_container_of(var, t, field) container_of(t, __typeof__(*var), field)

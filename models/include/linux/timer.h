/* linux/timer.h — timers. mod_timer()/add_timer() arm a timer whose callback runs later, in softirq context,
 * on its own thread (time is abstracted away: "later" is any point of the search). del_timer_sync() cancels a
 * pending timer and waits for a running callback. */
#pragma once
#include <linux/sched.h>
#include <linux/kthread.h>

struct timer_list;
struct timer_list { long __pending; long __running; void (*function)(struct timer_list *); long expires; };

int __lockstep_timer_start(struct timer_list *timer);
void __lockstep_timer_done(struct timer_list *timer);
int __mod_timer(struct timer_list *timer, int (*runner)(void *data));
int del_timer_sync(struct timer_list *timer);
int del_timer(struct timer_list *timer);
int timer_pending(const struct timer_list *timer);

static int __lockstep_timer_softirq(void *data)
{
	struct timer_list *timer = data;

	if (__lockstep_timer_start(timer)) {
		softirq_enter();
		timer->function(timer);
		softirq_exit();
	}
	__lockstep_timer_done(timer);
	return 0;
}

#define jiffies 0
#define timer_setup(t, fn, flags) do { (t)->__pending = 0; (t)->__running = 0; (t)->function = (fn); } while (0)
#define mod_timer(t, exp) __mod_timer((t), __lockstep_timer_softirq)
#define add_timer(t) __mod_timer((t), __lockstep_timer_softirq)
#define timer_delete_sync(t) del_timer_sync(t)
#define timer_delete(t) del_timer(t)
#define from_timer(var, t, field) container_of(t, __typeof__(*var), field)

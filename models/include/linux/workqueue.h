/* linux/workqueue.h — deferred work. queue_work() on an idle work item makes it pending and starts a kworker
 * that clears "pending", runs the function and finishes; queueing a pending item does nothing and returns
 * false, as in the kernel. flush_work() waits until the item is neither pending nor running. When it runs is
 * up to the search (time is abstracted away). */
#pragma once
#include <linux/sched.h>
#include <linux/kthread.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct work_struct { long __pending; long __running; work_func_t func; };
struct workqueue_struct { long __unused; };
struct delayed_work { struct work_struct work; };

static struct workqueue_struct __lockstep_system_wq;
#define system_wq (&__lockstep_system_wq)
#define system_unbound_wq (&__lockstep_system_wq)

int __lockstep_work_start(struct work_struct *work);
void __lockstep_work_done(struct work_struct *work);
int __queue_work(struct work_struct *work, int (*runner)(void *data));
int flush_work(struct work_struct *work);
int cancel_work_sync(struct work_struct *work);
int work_pending(struct work_struct *work);

static int __lockstep_kworker(void *data)
{
	struct work_struct *work = data;

	if (__lockstep_work_start(work))
		work->func(work);
	__lockstep_work_done(work);
	return 0;
}

#define INIT_WORK(w, f) do { (w)->__pending = 0; (w)->__running = 0; (w)->func = (f); } while (0)
#define INIT_DELAYED_WORK(w, f) INIT_WORK(&(w)->work, (f))
#define queue_work(wq, w) __queue_work((w), __lockstep_kworker)
#define schedule_work(w) __queue_work((w), __lockstep_kworker)
#define queue_delayed_work(wq, dw, delay) __queue_work(&(dw)->work, __lockstep_kworker)
#define schedule_delayed_work(dw, delay) __queue_work(&(dw)->work, __lockstep_kworker)
#define flush_delayed_work(dw) flush_work(&(dw)->work)
#define cancel_delayed_work_sync(dw) cancel_work_sync(&(dw)->work)

/* linux/workqueue.h — deferred work, as kernel/workqueue.c keeps its contract. queue_work() on an idle work item
 * sets PENDING and starts a kworker for that instance; queueing a pending item does nothing and returns false.
 * The kworker clears PENDING before it calls the function (so the function may requeue its own work; the new
 * instance waits for the running one) and never touches the item after the function returns (which may free it).
 * flush_work() waits for the instance queued (or running) when it was called; cancel_work_sync() takes a queued
 * instance off the queue, keeps the work from being requeued while it waits for a running one, and returns
 * whether it was pending; after it returns nothing touches the work. lockdep sees flush_work() and
 * cancel_work_sync() take the work's lockdep map, which the kworker holds around the function.
 * When a kworker runs is up to the search (time is abstracted away). One workqueue: flush_workqueue() waits for
 * every instance queued when it was called. */
#pragma once
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/lockdep.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct work_struct { long __pending; work_func_t func; struct lockdep_map lockdep_map; };
struct workqueue_struct { long __unused; };
struct delayed_work { struct work_struct work; };

static struct workqueue_struct __lockstep_system_wq;
#define system_wq (&__lockstep_system_wq)
#define system_unbound_wq (&__lockstep_system_wq)
#define system_highpri_wq (&__lockstep_system_wq)
#define system_long_wq (&__lockstep_system_wq)

work_func_t __lockstep_work_start(struct work_struct *work);
void __lockstep_work_done(struct work_struct *work, work_func_t fn);
int __queue_work(struct work_struct *work, int (*runner)(void *data));
int __flush_work(struct work_struct *work);
int __cancel_work_sync(struct work_struct *work);
int cancel_work(struct work_struct *work);
int work_pending(struct work_struct *work);
void flush_workqueue(struct workqueue_struct *wq);

/* process_one_work(): the kworker holds the work's lockdep map around the function. */
static int __lockstep_kworker(void *data)
{
	struct work_struct *work = data;
	work_func_t fn = __lockstep_work_start(work);

	if (fn) {
		lock_map_acquire(&work->lockdep_map);
		fn(work);
		lock_map_release(&work->lockdep_map);
		__lockstep_work_done(work, fn);
	}
	return 0;
}

/* __flush_work(): lock_map_acquire(&work->lockdep_map); lock_map_release(...); then wait. */
static int flush_work(struct work_struct *work)
{
	lock_map_acquire(&work->lockdep_map);
	lock_map_release(&work->lockdep_map);
	return __flush_work(work);
}

static int cancel_work_sync(struct work_struct *work)
{
	lock_map_acquire(&work->lockdep_map);
	lock_map_release(&work->lockdep_map);
	return __cancel_work_sync(work);
}

#define __WORK_INITIALIZER(n, f) { .__pending = 0, .func = (f), .lockdep_map = { .name = "(work_completion)" #n } }
#define DECLARE_WORK(n, f) struct work_struct n = __WORK_INITIALIZER(n, f)
#define INIT_WORK(w, f) do { (w)->__pending = 0; (w)->func = (f); __lockdep_init_map(&(w)->lockdep_map, "(work_completion)(" #w ")"); } while (0)
#define INIT_DELAYED_WORK(w, f) INIT_WORK(&(w)->work, (f))
#define queue_work(wq, w) __queue_work((w), __lockstep_kworker)
#define schedule_work(w) __queue_work((w), __lockstep_kworker)
#define queue_delayed_work(wq, dw, delay) __queue_work(&(dw)->work, __lockstep_kworker)
#define schedule_delayed_work(dw, delay) __queue_work(&(dw)->work, __lockstep_kworker)
#define mod_delayed_work(wq, dw, delay) __queue_work(&(dw)->work, __lockstep_kworker)
#define flush_delayed_work(dw) flush_work(&(dw)->work)
#define cancel_delayed_work(dw) cancel_work(&(dw)->work)
#define cancel_delayed_work_sync(dw) cancel_work_sync(&(dw)->work)
#define delayed_work_pending(dw) work_pending(&(dw)->work)
#define flush_scheduled_work() flush_workqueue(system_wq)
#define drain_workqueue(wq) flush_workqueue(wq)

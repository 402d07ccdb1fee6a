/* linux/workqueue.h — deferred work, as kernel/workqueue.c keeps its contract. queue_work() on an idle work item
 * sets PENDING and starts a kworker for that instance; queueing a pending item does nothing and returns false.
 * The kworker clears PENDING before it calls the function (so the function may requeue its own work; the new
 * instance waits for the running one) and never touches the item after the function returns (which may free it).
 * flush_work() waits for the instance queued (or running) when it was called; cancel_work_sync() takes a queued
 * instance off the queue, keeps the work from being requeued while it waits for a running one, and returns
 * whether it was pending; after it returns nothing touches the work. Lockdep sees the maps of kernel/workqueue.c
 * (v6.19): the kworker holds "(wq_completion)<name>" and "(work_completion)<work>" around the function; flush_work()
 * touches the work's map (and an ordered/reclaim workqueue's) only when the work is queued or running, so a flush
 * under a lock the function takes is a circular dependency exactly when it waits; flush_workqueue() and
 * destroy_workqueue() touch the workqueue's map. A model that declares an older kernel ("lockstep-kernel: v6.8")
 * gets the pre-6.9 rule: flush_work() touches the work's map whether or not it waits.
 * When a kworker runs is up to the search (time is abstracted away). */
#pragma once
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/version.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct workqueue_struct;
/* __wq: the workqueue the work was last queued on (the kernel keeps its pwq in work->data). */
struct work_struct { long __pending; work_func_t func; struct lockdep_map lockdep_map; struct workqueue_struct *__wq; };
/* A workqueue's lockdep map is named "(wq_completion)" and the workqueue's name, as wq_init_lockdep() names it;
 * __flush_touches: ordered (max_active 1) or WQ_MEM_RECLAIM (has a rescuer), the workqueues whose map flush_work()
 * touches (kernel/workqueue.c, start_flush_work()). */
struct workqueue_struct { struct lockdep_map lockdep_map; long __flush_touches; };
struct delayed_work { struct work_struct work; };

#define WQ_UNBOUND (1 << 1)
#define WQ_FREEZABLE (1 << 2)
#define WQ_MEM_RECLAIM (1 << 3)
#define WQ_HIGHPRI (1 << 4)
#define WQ_CPU_INTENSIVE (1 << 5)
#define WQ_SYSFS (1 << 6)
#define WQ_POWER_EFFICIENT (1 << 7)
#define __WQ_ORDERED (1 << 17)

/* The system workqueues (kernel/workqueue.c, workqueue_init_early()): none is ordered or has a rescuer. */
static struct workqueue_struct __lockstep_system_wq = { .lockdep_map = { .name = "(wq_completion)events" } };
static struct workqueue_struct __lockstep_system_unbound_wq = { .lockdep_map = { .name = "(wq_completion)events_unbound" } };
static struct workqueue_struct __lockstep_system_highpri_wq = { .lockdep_map = { .name = "(wq_completion)events_highpri" } };
static struct workqueue_struct __lockstep_system_long_wq = { .lockdep_map = { .name = "(wq_completion)events_long" } };
#define system_wq (&__lockstep_system_wq)
#define system_percpu_wq (&__lockstep_system_wq)
#define system_unbound_wq (&__lockstep_system_unbound_wq)
#define system_dfl_wq (&__lockstep_system_unbound_wq)
#define system_highpri_wq (&__lockstep_system_highpri_wq)
#define system_long_wq (&__lockstep_system_long_wq)

work_func_t __lockstep_work_start(struct work_struct *work, struct workqueue_struct **wq);
void __lockstep_work_done(struct work_struct *work, work_func_t fn);
int __queue_work(struct work_struct *work, int (*runner)(void *data), struct workqueue_struct *wq);
int __flush_work(struct work_struct *work);
int __cancel_work_sync(struct work_struct *work);
int cancel_work(struct work_struct *work);
int work_pending(struct work_struct *work);
void __flush_workqueue(struct workqueue_struct *wq);
struct workqueue_struct *__alloc_workqueue(const char *lock_name, unsigned int flags, int max_active);

/* process_one_work(): the kworker holds the workqueue's map, then the work's map, around the function; it reads
 * the work (its function and workqueue, in __lockstep_work_start) only before the call: the function may free it. */
static int __lockstep_kworker(void *data)
{
	struct work_struct *work = data;
	struct workqueue_struct *wq = NULL;
	work_func_t fn = __lockstep_work_start(work, &wq);

	if (fn) {
		lock_map_acquire(&wq->lockdep_map);
		lock_map_acquire(&work->lockdep_map);
		fn(work);
		lock_map_release(&work->lockdep_map);
		lock_map_release(&wq->lockdep_map);
		__lockstep_work_done(work, fn);
	}
	return 0;
}

/* __flush_work() / start_flush_work() (v6.19): only when the work is queued or running does the flusher touch the
 * work's lockdep map (and, for an ordered or WQ_MEM_RECLAIM workqueue, the workqueue's), then wait. Flushing an
 * idle work records nothing. cancel_work_sync() touches the work's map only when it waits for a running instance. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
/* Before v6.9 __flush_work() took and released the work's map first, whether or not it then waited. */
static int flush_work(struct work_struct *work)
{
	lock_map_acquire(&work->lockdep_map);
	lock_map_release(&work->lockdep_map);
	return __flush_work(work);
}
#else
#define flush_work(work) __flush_work(work)
#endif
#define cancel_work_sync(work) __cancel_work_sync(work)

/* __flush_workqueue(): touch_wq_lockdep_map() first, then wait for every work queued when it was called. The model
 * waits for the works of every workqueue (a superset of the kernel's wait). */
static void flush_workqueue(struct workqueue_struct *wq)
{
	lock_map_acquire(&wq->lockdep_map);
	lock_map_release(&wq->lockdep_map);
	__flush_workqueue(wq);
}

/* alloc_workqueue(fmt, flags, max_active): the lockdep map is named "(wq_completion)" fmt. destroy_workqueue()
 * drains (flushes) the workqueue, then frees it. */
#define alloc_workqueue(fmt, flags, max_active, ...) __alloc_workqueue("(wq_completion)" fmt, (flags), (max_active))
#define alloc_ordered_workqueue(fmt, flags, ...) __alloc_workqueue("(wq_completion)" fmt, __WQ_ORDERED | (flags), 1)
#define create_workqueue(name) __alloc_workqueue("(wq_completion)" name, WQ_MEM_RECLAIM, 1)
#define create_singlethread_workqueue(name) __alloc_workqueue("(wq_completion)" name, __WQ_ORDERED | WQ_MEM_RECLAIM, 1)
#define drain_workqueue(wq) flush_workqueue(wq)
static void destroy_workqueue(struct workqueue_struct *wq)
{
	flush_workqueue(wq);
	kfree(wq);
}

#define __WORK_INITIALIZER(n, f) { .__pending = 0, .func = (f), .lockdep_map = { .name = "(work_completion)" #n } }
#define DECLARE_WORK(n, f) struct work_struct n = __WORK_INITIALIZER(n, f)
#define INIT_WORK(w, f) do { (w)->__pending = 0; (w)->func = (f); __lockdep_init_map(&(w)->lockdep_map, "(work_completion)(" #w ")"); } while (0)
#define INIT_DELAYED_WORK(w, f) INIT_WORK(&(w)->work, (f))
#define queue_work(wq, w) __queue_work((w), __lockstep_kworker, (wq))
#define schedule_work(w) __queue_work((w), __lockstep_kworker, system_wq)
#define queue_delayed_work(wq, dw, delay) __queue_work(&(dw)->work, __lockstep_kworker, (wq))
#define schedule_delayed_work(dw, delay) __queue_work(&(dw)->work, __lockstep_kworker, system_wq)
#define mod_delayed_work(wq, dw, delay) __queue_work(&(dw)->work, __lockstep_kworker, (wq))
#define flush_delayed_work(dw) flush_work(&(dw)->work)
#define cancel_delayed_work(dw) cancel_work(&(dw)->work)
#define cancel_delayed_work_sync(dw) cancel_work_sync(&(dw)->work)
#define delayed_work_pending(dw) work_pending(&(dw)->work)
#define flush_scheduled_work() flush_workqueue(system_wq)

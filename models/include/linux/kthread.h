/* linux/kthread.h — kernel threads, as kernel/kthread.c runs them. kthread_create(fn, data, name) starts a
 * thread that sleeps in kthread() until wake_up_process(); kthread_run() wakes it at once. When it first runs,
 * kthread() calls int fn(void *data) only if no kthread_stop() came first (otherwise it exits with -EINTR and fn
 * never runs). kthread_stop() sets the stop flag, wakes the thread (its interruptible sleeps return from then
 * on), waits for its exit and returns fn's result; kthread_should_stop() reads the flag. kthread_bind() is a
 * no-op (CPUs are abstracted away). */
#pragma once
#include <linux/sched.h>
#include <linux/errno.h>

typedef int (*__lockstep_threadfn)(void *data);

struct task_struct *__kthread_create(__lockstep_threadfn threadfn, void *data, const char *name,
				     __lockstep_threadfn trampoline, int wake);
__lockstep_threadfn __kthread_begin(void);
int kthread_should_stop(void);
int kthread_stop(struct task_struct *k);
void kthread_bind(struct task_struct *k, unsigned int cpu);

/* kthread(): the new thread's body. */
static int __lockstep_kthread(void *data)
{
	__lockstep_threadfn threadfn = __kthread_begin();

	if (!threadfn)
		return -EINTR;
	return threadfn(data);
}

#define kthread_create(threadfn, data, namefmt, ...) __kthread_create((threadfn), (data), (namefmt), __lockstep_kthread, 0)
#define kthread_run(threadfn, data, namefmt, ...) __kthread_create((threadfn), (data), (namefmt), __lockstep_kthread, 1)

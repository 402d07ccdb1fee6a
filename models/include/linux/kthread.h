/* linux/kthread.h — threads of the model. kthread_run(fn, data, name) starts int fn(void *data) as a new
 * thread; kthread_should_stop() and kthread_stop() work as the kernel's (kthread_stop waits for the exit and
 * returns fn's result). */
#pragma once
#include <linux/sched.h>

struct task_struct *kthread_run(int (*threadfn)(void *data), void *data, const char *namefmt, ...);
int kthread_should_stop(void);
int kthread_stop(struct task_struct *k);

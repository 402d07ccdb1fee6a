/* include/linux/oom.h — what the model needs of it. */
#pragma once
#include <linux/sched_task.h>
#include <linux/mmap_lock.h>
#include <linux/sched_mm.h>

/* mm/oom_kill.c: MAX_OOM_REAP_RETRIES is 10 in the kernel; bounded small here (-D OOM_REAP_RETRIES=N). Each
 * failed attempt sleeps HZ/10; time is abstracted away, so the bound only limits how often the reaper retries. */
#ifndef OOM_REAP_RETRIES
#define OOM_REAP_RETRIES 2
#endif

/* include/linux/sched.h: schedule_timeout_idle() — a TASK_IDLE sleep; modelled as the uninterruptible one
 * (time abstracted away: it only checks that sleeping is allowed here). */
static inline long schedule_timeout_idle(long timeout)
{
	return schedule_timeout_uninterruptible(timeout);
}

/* lockstep/kernel.h — every primitive Lockstep models, in one include. Models may instead include the kernel's
 * own header names (<linux/spinlock.h>, <linux/srcu.h>, ...), which declare the same things. */
#pragma once
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/srcu.h>
#include <linux/rcupdate.h>
#include <linux/atomic.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/rcuwait.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/bitops.h>
#include <linux/page_ref.h>
#include <linux/list.h>

/*
 * Independent threads, for partial-order reduction: main starts NTHREADS kernel threads (1..6, default 3); thread k
 * bumps its own scalar global counter_k once and exits. No two threads touch the same state, so every interleaving
 * is equivalent and the reduced search grows linearly in NTHREADS. -D CREATE_EXIT_ONLY makes the threads do
 * nothing: only thread creation, kthread()'s start and thread exit remain.
 */
#include <lockstep/kernel.h>

#ifndef NTHREADS
#define NTHREADS 3
#endif

static int counter_0, counter_1, counter_2, counter_3, counter_4, counter_5;

#ifdef CREATE_EXIT_ONLY
#define BUMP(c)
#else
#define BUMP(c) WRITE_ONCE(c, READ_ONCE(c) + 1)
#endif

static int worker_0(void *data) { BUMP(counter_0); return 0; }
static int worker_1(void *data) { BUMP(counter_1); return 0; }
static int worker_2(void *data) { BUMP(counter_2); return 0; }
static int worker_3(void *data) { BUMP(counter_3); return 0; }
static int worker_4(void *data) { BUMP(counter_4); return 0; }
static int worker_5(void *data) { BUMP(counter_5); return 0; }

int main(void)
{
	kthread_run(worker_0, NULL, "worker");
	if (NTHREADS > 1)
		kthread_run(worker_1, NULL, "worker");
	if (NTHREADS > 2)
		kthread_run(worker_2, NULL, "worker");
	if (NTHREADS > 3)
		kthread_run(worker_3, NULL, "worker");
	if (NTHREADS > 4)
		kthread_run(worker_4, NULL, "worker");
	if (NTHREADS > 5)
		kthread_run(worker_5, NULL, "worker");
	return 0;
}

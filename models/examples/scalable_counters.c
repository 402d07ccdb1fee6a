/*
 * A scalable benchmark model: NTHREADS threads (default 3) each bump their own counter STEPS times
 * (default 3) and one shared counter under a spinlock once. Independent steps dominate, so partial-order
 * reduction has much to save. Used by bench/ to measure states/s.
 * -D WITHOUT_TOTAL leaves the shared total out: the threads are then fully independent (each writes only its own
 * counter, through its own pointer), and with partial-order reduction the states grow linearly in NTHREADS.
 */
#include <lockstep/kernel.h>

#ifndef NTHREADS
#define NTHREADS 3
#endif
#ifndef STEPS
#define STEPS 3
#endif

static DEFINE_SPINLOCK(total_lock);
static int total;
static int own[NTHREADS];

static int worker(void *data)
{
	int *mine = data;
	int i;

	for (i = 0; i < STEPS; i++)
		WRITE_ONCE(*mine, READ_ONCE(*mine) + 1);
#ifndef WITHOUT_TOTAL
	spin_lock(&total_lock);
	total = total + 1;
	spin_unlock(&total_lock);
#endif
	return 0;
}

int main(void)
{
	int i;

	for (i = 0; i < NTHREADS; i++)
		kthread_run(worker, &own[i], "worker");
	return 0;
}

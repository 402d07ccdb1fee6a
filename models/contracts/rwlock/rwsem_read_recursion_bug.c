/*
 * Contract (kernel/locking/rwsem.c): a rw_semaphore is fair — a reader queues behind a waiting writer — so
 * taking it for read twice deadlocks once a writer comes in between; lockdep reports the recursion at once.
 * expect: recursive-locking thread=reader
 * expect NO_LOCKDEP: deadlock
 */
#include <lockstep/kernel.h>

static DECLARE_RWSEM(sem);

static int reader(void *data)
{
	down_read(&sem);
	down_read(&sem);
	up_read(&sem);
	up_read(&sem);
	return 0;
}

static int writer(void *data)
{
	down_write(&sem);
	up_write(&sem);
	return 0;
}

int main(void)
{
	kthread_run(reader, NULL, "reader");
	kthread_run(writer, NULL, "writer");
	return 0;
}

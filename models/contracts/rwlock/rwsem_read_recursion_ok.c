/*
 * Contract (kernel/locking/rwsem.c): take a rw_semaphore for read once per critical section.
 * expect: ok
 * expect NO_LOCKDEP: ok
 */
#include <lockstep/kernel.h>

static DECLARE_RWSEM(sem);

static int reader(void *data)
{
	down_read(&sem);
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

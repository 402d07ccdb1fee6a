/*
 * Contract (kernel/locking/qrwlock.c, queued_read_lock_slowpath()): with CONFIG_QUEUED_RWLOCKS a read_lock() in task
 * context waits behind a writer that is already waiting. A reader that takes the lock a second time while a writer
 * queued in between hangs: the writer waits for the reader, the reader for the writer. Lockdep knows it (with queued
 * rwlocks a task-context read_lock() is not a recursive read) and reports recursive locking; without lockdep the
 * two threads hang. Without queued rwlocks the nested read_lock() does not wait, and nothing goes wrong.
 * expect: ok
 * expect QUEUED_RWLOCKS: recursive-locking thread=reader at=again
 * expect QUEUED_RWLOCKS+NO_LOCKDEP: deadlock
 */
#include <lockstep/kernel.h>

static DEFINE_RWLOCK(table_lock);
static int entries;

static int reader(void *data)
{
	int n;

	read_lock(&table_lock);
	n = READ_ONCE(entries);
	read_lock(&table_lock);		/* @again */	/* e.g. a helper that takes the lock itself */
	n += READ_ONCE(entries);
	read_unlock(&table_lock);
	read_unlock(&table_lock);
	return n;
}

static int writer(void *data)
{
	write_lock(&table_lock);
	WRITE_ONCE(entries, 1);
	write_unlock(&table_lock);
	return 0;
}

int main(void)
{
	kthread_run(reader, NULL, "reader");
	kthread_run(writer, NULL, "writer");
	return 0;
}

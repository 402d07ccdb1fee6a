/*
 * Contract (lockdep, rwlock_t): both paths take table_lock before entry_lock.
 * expect: ok
 */
#include <lockstep/kernel.h>

static DEFINE_RWLOCK(table_lock);
static DEFINE_SPINLOCK(entry_lock);

static int reader(void *data)
{
	read_lock(&table_lock);
	spin_lock(&entry_lock);
	spin_unlock(&entry_lock);
	read_unlock(&table_lock);
	return 0;
}

static int writer(void *data)
{
	write_lock(&table_lock);
	spin_lock(&entry_lock);
	spin_unlock(&entry_lock);
	write_unlock(&table_lock);
	return 0;
}

int main(void)
{
	kthread_run(reader, NULL, "reader");
	kthread_run(writer, NULL, "writer");
	return 0;
}

/*
 * Contract (kernel/locking/qrwlock.c, queued_read_lock_slowpath()): the second read_lock() comes from an interrupt
 * handler that interrupts the reader. A reader in interrupt context does not wait behind a waiting writer — only
 * behind one that holds the lock — so the handler gets in, returns, and the reader, then the writer, go on. The writer
 * disables interrupts (an interrupt reader spinning on a writer it interrupted would never get in).
 * expect: ok
 * expect QUEUED_RWLOCKS: ok
 * expect QUEUED_RWLOCKS+NO_LOCKDEP: ok
 */
#include <lockstep/kernel.h>

static DEFINE_RWLOCK(table_lock);
static int entries;
static int dev;

static irqreturn_t dev_interrupt(int irq, void *dev_id)
{
	read_lock(&table_lock);
	READ_ONCE(entries);
	read_unlock(&table_lock);
	return IRQ_HANDLED;
}

static int reader(void *data)
{
	int n;

	read_lock(&table_lock);
	n = READ_ONCE(entries);
	n += READ_ONCE(entries);
	read_unlock(&table_lock);
	return n;
}

static int writer(void *data)
{
	write_lock_irq(&table_lock);
	WRITE_ONCE(entries, 1);
	write_unlock_irq(&table_lock);
	return 0;
}

int main(void)
{
	request_irq(11, dev_interrupt, 0, "dev", &dev);
	kthread_run(reader, NULL, "reader");
	kthread_run(writer, NULL, "writer");
	return 0;
}

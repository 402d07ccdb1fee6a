/*
 * Contract (kernel/irq/manage.c): an IRQF_NO_THREAD handler takes a raw_spinlock_t, which stays a spinning lock
 * on PREEMPT_RT.
 * expect: ok
 * expect PREEMPT_RT: ok
 */
#include <lockstep/kernel.h>

static DEFINE_RAW_SPINLOCK(dev_lock);
static int events;
static int dev;

static irqreturn_t dev_interrupt(int irq, void *dev_id)
{
	raw_spin_lock(&dev_lock);
	events++;
	raw_spin_unlock(&dev_lock);
	return IRQ_HANDLED;
}

static int reader(void *data)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&dev_lock, flags);
	events = 0;
	raw_spin_unlock_irqrestore(&dev_lock, flags);
	return 0;
}

int main(void)
{
	request_irq(11, dev_interrupt, IRQF_NO_THREAD, "dev", &dev);
	kthread_run(reader, NULL, "reader");
	return 0;
}

/*
 * Contract (kernel/irq/manage.c): IRQF_NO_THREAD keeps the handler in hard-irq context on PREEMPT_RT too, where a
 * spinlock_t (a sleeping lock on RT) must not be taken: sleeping function called from invalid context.
 * expect: ok
 * expect PREEMPT_RT: sleep-in-atomic at=L
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(dev_lock);
static int events;
static int dev;

static irqreturn_t dev_interrupt(int irq, void *dev_id)
{
	spin_lock(&dev_lock); /* @L */
	events++;
	spin_unlock(&dev_lock);
	return IRQ_HANDLED;
}

static int reader(void *data)
{
	unsigned long flags;

	spin_lock_irqsave(&dev_lock, flags);
	events = 0;
	spin_unlock_irqrestore(&dev_lock, flags);
	return 0;
}

int main(void)
{
	request_irq(11, dev_interrupt, IRQF_NO_THREAD, "dev", &dev);
	kthread_run(reader, NULL, "reader");
	return 0;
}

/*
 * Contract (kernel/irq/manage.c + lockdep): task context takes the handler's lock with spin_lock_irqsave().
 * On PREEMPT_RT the handler is force-threaded and a spinlock_t in it is legal (the shipped
 * models/examples/irq/irq_unsafe_lock.c -D USE_IRQSAVE was flagged on RT before issue 16).
 * expect: ok
 * expect PREEMPT_RT: ok
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(dev_lock);
static int events;
static int dev;

static irqreturn_t dev_interrupt(int irq, void *dev_id)
{
	spin_lock(&dev_lock);
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
	request_irq(11, dev_interrupt, 0, "dev", &dev);
	kthread_run(reader, NULL, "reader");
	return 0;
}

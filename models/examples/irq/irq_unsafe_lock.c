/*
 * A lock taken in a hard-irq handler and, in process context, with interrupts enabled: if the interrupt
 * arrives while the process holds the lock, the handler spins on it forever. Lockdep reports
 * "inconsistent lock state" as soon as it has seen both usages. With -D USE_IRQSAVE the process side
 * disables interrupts around the section (spin_lock_irqsave), which is the fix: verdict ok.
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(dev_lock);
static int events;
static int dev;

static irqreturn_t dev_interrupt(int irq, void *dev_id)
{
	spin_lock(&dev_lock);
	events = events + 1;
	spin_unlock(&dev_lock);
	return IRQ_HANDLED;
}

static int dev_reader(void *data)
{
	unsigned long flags;

#ifdef USE_IRQSAVE
	spin_lock_irqsave(&dev_lock, flags);
#else
	spin_lock(&dev_lock);
#endif
	events = 0;
#ifdef USE_IRQSAVE
	spin_unlock_irqrestore(&dev_lock, flags);
#else
	spin_unlock(&dev_lock);
#endif
	return 0;
}

int main(void)
{
	request_irq(11, dev_interrupt, 0, "dev", &dev);
	kthread_run(dev_reader, NULL, "dev_reader");
	return 0;
}

/*
 * Contract (kernel/irq/manage.c + lockdep): a lock taken in a hard-irq handler must be taken with interrupts
 * disabled elsewhere ("inconsistent lock state"). On PREEMPT_RT the handler is force-threaded
 * (irq_setup_forced_threading()): it runs in task context and the same code is legal.
 * expect: irq-inversion thread=reader
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
	spin_lock(&dev_lock);
	events = 0;
	spin_unlock(&dev_lock);
	return 0;
}

int main(void)
{
	request_irq(11, dev_interrupt, 0, "dev", &dev);
	kthread_run(reader, NULL, "reader");
	return 0;
}

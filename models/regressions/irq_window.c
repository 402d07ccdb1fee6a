/*
 * An interrupt that can only arrive in a short window with interrupts enabled: the thread runs with interrupts
 * off except between local_irq_enable() and local_irq_disable() (include/linux/irqflags.h), with no other
 * operation in between. In the kernel a pending interrupt is taken the moment local_irq_enable() re-enables
 * interrupts, so the handler runs inside that window — here while the thread's update is half done.
 * Expected: the handler's WARN_ON fires (it sees the torn pair). With -D NO_WINDOW the thread keeps interrupts
 * off across the update and the verdict is ok.
 */
#include <lockstep/kernel.h>

static int a;
static int b;
static int dev;

static irqreturn_t dev_interrupt(int irq, void *dev_id)
{
	WARN_ON(READ_ONCE(a) != READ_ONCE(b));
	return IRQ_HANDLED;
}

static int updater(void *data)
{
	local_irq_disable();
	WRITE_ONCE(a, 1);
#ifndef NO_WINDOW
	local_irq_enable();
	local_irq_disable();
#endif
	WRITE_ONCE(b, 1);
	local_irq_enable();
	return 0;
}

int main(void)
{
	request_irq(11, dev_interrupt, 0, "dev", &dev);
	kthread_run(updater, NULL, "updater");
	return 0;
}

/* linux/interrupt.h — interrupts, as kernel/irq/manage.c sets them up. A handler registered with request_irq()
 * may fire once per registration on any thread that is running with interrupts enabled, at any step: it runs on
 * that thread in hard-irq context, so lockdep sees what the interrupted code holds (an irq-unsafe lock taken in
 * the handler is "inconsistent lock state"). On PREEMPT_RT the handler is force-threaded unless IRQF_NO_THREAD
 * is set: it runs (at most once) in its own irq thread, in task context with bottom halves disabled, where a
 * spinlock_t is legal. free_irq() unregisters the handler and waits for a threaded handler that is running. */
#pragma once
#include <linux/preempt.h>

typedef int irqreturn_t;
#define IRQ_NONE 0
#define IRQ_HANDLED 1
#define IRQ_WAKE_THREAD 2
#define IRQF_SHARED 0x00000080
#define IRQF_ONESHOT 0x00002000
#define IRQF_NO_THREAD 0x00010000
#define IRQF_TIMER 0x00000200

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);
int __request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name, void *dev,
		  int (*irq_thread)(void *data));
void free_irq(unsigned int irq, void *dev_id);
irq_handler_t __lockstep_irq_thread_begin(void *dev);
void __lockstep_irq_thread_done(void *dev);
int __lockstep_irq_thread_irq(void);

/* irq_thread() running irq_forced_thread_fn(): the handler with bottom halves disabled. */
static int __lockstep_irq_thread(void *dev)
{
	irq_handler_t handler = __lockstep_irq_thread_begin(dev);

	if (handler) {
		local_bh_disable();
		handler(__lockstep_irq_thread_irq(), dev);
		local_bh_enable();
		__lockstep_irq_thread_done(dev);
	}
	return 0;
}

#define request_irq(irq, handler, flags, name, dev) __request_irq((irq), (handler), (flags), (name), (dev), __lockstep_irq_thread)

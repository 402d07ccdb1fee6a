/* linux/interrupt.h — hard interrupts. A handler registered with request_irq() may fire once per registration
 * on any thread that is running with interrupts enabled, at any step: it runs on that thread in hard-irq
 * context, so lockdep sees what the interrupted code holds (an irq-unsafe lock taken in the handler is
 * "inconsistent lock state"). */
#pragma once

typedef int irqreturn_t;
#define IRQ_NONE 0
#define IRQ_HANDLED 1
#define IRQ_WAKE_THREAD 2
#define IRQF_SHARED 0x80

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name, void *dev);
void free_irq(unsigned int irq, void *dev_id);

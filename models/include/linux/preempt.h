/* linux/preempt.h, linux/irqflags.h, linux/bottom_half.h — the execution context.
 * hardirq_enter()/hardirq_exit() and softirq_enter()/softirq_exit() mark code that runs as if in that
 * context, as lockdep's self-tests do; lockdep_hardirq_threaded() marks a force-threaded handler. */
#pragma once

void preempt_disable(void);
void preempt_enable(void);
void migrate_disable(void);
void migrate_enable(void);
int in_atomic(void);
int in_interrupt(void);
int preempt_count(void);

void local_irq_disable(void);
void local_irq_enable(void);
unsigned long __local_irq_save(void);
void local_irq_restore(unsigned long flags);
int irqs_disabled(void);
#define local_irq_save(flags) do { (flags) = __local_irq_save(); } while (0)

void local_bh_disable(void);
void local_bh_enable(void);

void hardirq_enter(void);
void hardirq_exit(void);
void softirq_enter(void);
void softirq_exit(void);
void lockdep_hardirq_threaded(void);

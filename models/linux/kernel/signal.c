/* kernel/signal.c and kernel/sched/core.c — SIGKILL delivery to the victim's thread group. */
#include <linux/sched_task.h>

/* kernel/sched/core.c: kick_process() — "cause a process which is running on another CPU to enter kernel-mode,
 * without any delay": a reschedule IPI to the CPU the task runs on; it does not wait. A vCPU in guest mode takes a
 * VM-exit on it; in the model, a vCPU sees the pending signal at its next guest entry (kvm_vcpu_exit_request()),
 * and whatever must not happen while a vCPU is in guest mode waits through kvm_make_all_cpus_request(), not here. */
static void kick_process(struct task_struct *p)
{
}

/* kernel/signal.c: do_send_sig_info(SIGKILL, SEND_SIG_PRIV, p, PIDTYPE_TGID) → send_signal_locked() →
 * complete_signal(): a fatal signal makes it a group exit (signal->flags = SIGNAL_GROUP_EXIT) and every thread
 * gets SIGKILL and signal_wake_up() (→ kick_process()). */
static int do_send_sig_info(int sig, struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->sighand->siglock, flags);
	set_bit(sig, &p->pending);
	if (sig == SIGKILL)
		p->signal->flags = SIGNAL_GROUP_EXIT;
	kick_process(p);
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	return 0;
}

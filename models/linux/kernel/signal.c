/* kernel/signal.c and kernel/sched/core.c — SIGKILL delivery to the victim's thread group. */
#include <linux/sched_task.h>
#include <linux/kvm_host.h>

/* kernel/sched/core.c: kick_process() — the reschedule IPI makes a CPU that runs one of the task's threads in
 * guest mode VM-exit. Model: wait until none of the process's vCPUs is inside its guest-mode section (the IPI
 * takes microseconds; the OOM reaper waits 2 s before reaping, so this order is the real one). */
static void kick_process(struct task_struct *p)
{
	int i;

	for (i = 0; i < p->nr_vcpu_threads; i++) {
		raw_spin_lock(&p->vcpu_threads[i]->guest_mode_lock);
		raw_spin_unlock(&p->vcpu_threads[i]->guest_mode_lock);
	}
}

/* kernel/signal.c: do_send_sig_info(SIGKILL, SEND_SIG_PRIV, p, PIDTYPE_TGID) → complete_signal() →
 * signal_wake_up() */
static int do_send_sig_info(int sig, struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->sighand->siglock, flags);
	set_bit(sig, &p->pending);
	kick_process(p);
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	return 0;
}

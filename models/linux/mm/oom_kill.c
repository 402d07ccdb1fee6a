/* mm/oom_kill.c — the OOM killer (A5) and the OOM reaper (A6), modelled on the ~v6.15–6.17 linux-next copy.
 * Not modelled: victim selection (the victim is given), memcg, other processes sharing the mm (none), the
 * freezer. MAX_OOM_REAP_RETRIES is OOM_REAP_RETRIES (small); the 2 s OOM_REAPER_DELAY and the HZ/10 back-off
 * are time, abstracted away: the timer fires at any later point of the search. */
#include <linux/oom.h>
#include <linux/mmu_notifier.h>

#define MAX_OOM_REAP_RETRIES OOM_REAP_RETRIES
#define OOM_REAPER_DELAY (2 * HZ)

/* mm/oom_kill.c: globals. oom_lock "serializes oom killer invocations (out_of_memory()) from all contexts";
 * __alloc_pages_may_oom() only trylocks it (a mutex: LD_WAIT_SLEEP, taken where sleeping is allowed). */
DEFINE_MUTEX(oom_lock);
static DECLARE_WAIT_QUEUE_HEAD(oom_reaper_wait);
static struct task_struct *oom_reaper_list;
static DEFINE_SPINLOCK(oom_reaper_lock);
static atomic_t oom_victims;

/* mm/oom_kill.c: __oom_reap_task_mm() — caller holds mmap_lock for read. Each private VMA gets a
 * non-blockable invalidation; a VMA whose notifiers refuse (-EAGAIN) is skipped and the attempt fails. */
static bool __oom_reap_task_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	bool ret = true;

	/* Tell all users of get_user/copy_from_user etc... that the content is no longer stable. */
	set_bit(MMF_UNSTABLE, &mm->flags);

#ifdef AFTER_OOM_UNREGISTER
	/* v2: detach the subscribers that can finish their unregistration asynchronously */
	mmu_notifier_oom_enter(mm);
#endif

	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		if (vma->vm_flags & (VM_HUGETLB | VM_PFNMAP))
			continue;

		/* Only anonymous pages have a good chance to be dropped without additional steps. */
		if (vma_is_anonymous(vma) || !(vma->vm_flags & VM_SHARED)) {
			struct mmu_notifier_range range;
			struct mmu_gather tlb;

			mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, vma->vm_start, vma->vm_end);
			tlb_gather_mmu(&tlb, mm);
			if (mmu_notifier_invalidate_range_start_nonblock(&range)) {
				tlb_finish_mmu(&tlb);
				ret = false;
				continue;
			}
			unmap_page_range(&tlb, vma, range.start, range.end, NULL);
			mmu_notifier_invalidate_range_end(&range);
			tlb_finish_mmu(&tlb);
		}
	}

	return ret;
}

/* mm/oom_kill.c: oom_reap_task_mm() — false = try again later */
static bool oom_reap_task_mm(struct task_struct *tsk, struct mm_struct *mm)
{
	bool ret = true;

	if (!mmap_read_trylock(mm))
		return false;

	/* MMF_OOM_SKIP is set by exit_mmap when the OOM reaper can't work on the mm anymore; checked under
	 * mmap_lock because it serializes against exit_mmap()'s mmap_write_lock(). */
	if (test_bit(MMF_OOM_SKIP, &mm->flags))
		goto out_unlock;

	ret = __oom_reap_task_mm(mm);
	if (!ret)
		goto out_unlock;

	pr_info("oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB\n",
		tsk->pid, tsk->comm, 0, 0, 0);
out_unlock:
	mmap_read_unlock(mm);

	return ret;
}

/* mm/oom_kill.c: oom_reap_task() */
static void oom_reap_task(struct task_struct *tsk)
{
	int attempts = 0;
	struct mm_struct *mm = tsk->signal->oom_mm;

	/* Retry the mmap_read_trylock(mm) a few times */
	while (attempts++ < MAX_OOM_REAP_RETRIES && !oom_reap_task_mm(tsk, mm))
		schedule_timeout_idle(HZ / 10);

	if (attempts <= MAX_OOM_REAP_RETRIES || test_bit(MMF_OOM_SKIP, &mm->flags))
		goto done;

	pr_info("oom_reaper: unable to reap pid:%d (%s)\n", tsk->pid, tsk->comm);

done:
	tsk->oom_reaper_list = NULL;

	/* Hide this mm from OOM killer because it has been either reaped or somebody can't call
	 * mmap_write_unlock(mm). */
	set_bit(MMF_OOM_SKIP, &mm->flags);

	/* Drop a reference taken by queue_oom_reaper */
	put_task_struct(tsk);
}

/* mm/oom_kill.c: oom_reaper() — the kthread (a daemon: idle in wait_event_freezable() at the end) */
static int oom_reaper(void *unused)
{
	while (true) {
		struct task_struct *tsk = NULL;

		wait_event_freezable(oom_reaper_wait, oom_reaper_list != NULL);
		spin_lock_irq(&oom_reaper_lock);
		if (oom_reaper_list != NULL) {
			tsk = oom_reaper_list;
			oom_reaper_list = tsk->oom_reaper_list;
		}
		spin_unlock_irq(&oom_reaper_lock);

		if (tsk)
			oom_reap_task(tsk);
	}

	return 0;
}

/* mm/oom_kill.c: wake_oom_reaper() — the timer callback (softirq) */
static void wake_oom_reaper(struct timer_list *timer)
{
	struct task_struct *tsk = container_of(timer, struct task_struct, oom_reaper_timer);
	struct mm_struct *mm = tsk->signal->oom_mm;
	unsigned long flags;

	/* The victim managed to terminate on its own - see exit_mmap */
	if (test_bit(MMF_OOM_SKIP, &mm->flags)) {
		put_task_struct(tsk);
		return;
	}

	spin_lock_irqsave(&oom_reaper_lock, flags);
	tsk->oom_reaper_list = oom_reaper_list;
	oom_reaper_list = tsk;
	spin_unlock_irqrestore(&oom_reaper_lock, flags);
	wake_up(&oom_reaper_wait);
}

/* mm/oom_kill.c: queue_oom_reaper() — give the OOM victim time to exit naturally, then wake the reaper */
static void queue_oom_reaper(struct task_struct *tsk)
{
	/* mm is already queued? */
	if (test_and_set_bit(MMF_OOM_REAP_QUEUED, &tsk->signal->oom_mm->flags))
		return;

	get_task_struct(tsk);
	timer_setup(&tsk->oom_reaper_timer, wake_oom_reaper, 0);
	tsk->oom_reaper_timer.expires = jiffies + OOM_REAPER_DELAY;
	add_timer(&tsk->oom_reaper_timer);
}

/* mm/oom_kill.c: mark_oom_victim() — TIF_MEMDIE on tsk, then signal->oom_mm (cmpxchg in the kernel; the callers
 * hold task_lock here) which makes tsk_is_oom_victim() true for every thread of the process: their allocations
 * may now fail (lockstep_mark_oom_victim(), see linux/sched.h). */
static void mark_oom_victim(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;
	int i;

	/* OOM killer might race with memcg OOM */
	if (tsk->tif_memdie)
		return;
	tsk->tif_memdie = 1;

	/* oom_mm is bound to the signal struct life time. */
	if (!tsk->signal->oom_mm) {
		tsk->signal->oom_mm = mm;
		mmgrab(mm);
		for (i = 0; i < tsk->nr_threads; i++)
			lockstep_mark_oom_victim(tsk->threads[i]);
	}
	atomic_inc(&oom_victims);
}

/* mm/oom_kill.c: find_lock_task_mm() — the victim's thread group is one task_struct here */
static struct task_struct *find_lock_task_mm(struct task_struct *p)
{
	task_lock(p);
	if (p->mm)
		return p;
	task_unlock(p);
	return NULL;
}

/* mm/oom_kill.c: __task_will_free_mem() — caller holds task_lock. (A core dump in progress, and a single-threaded
 * PF_EXITING task, are not modelled: the group exit is what the model's exit path and SIGKILL set.) */
static bool __task_will_free_mem(struct task_struct *task)
{
	struct signal_struct *sig = task->signal;

	if (sig->flags & SIGNAL_GROUP_EXIT)
		return true;
	return false;
}

/* mm/oom_kill.c: task_will_free_mem() — "Checks whether the given task is dying or exiting and likely to release
 * its address space": then the OOM killer only marks it and queues the reaper. No other process shares the mm. */
static bool task_will_free_mem(struct task_struct *task)
{
	struct mm_struct *mm = task->mm;

	if (!mm)
		return false;
	if (!__task_will_free_mem(task))
		return false;
	/* This task has already been drained by the oom reaper so there are only small chances it will free
	 * some more. */
	if (test_bit(MMF_OOM_SKIP, &mm->flags))
		return false;
	if (atomic_read(&mm->mm_users) <= 1)
		return true;
	return true;
}

/* mm/oom_kill.c: __oom_kill_process() */
static void __oom_kill_process(struct task_struct *victim, const char *message)
{
	struct task_struct *p;
	struct mm_struct *mm;
	bool can_oom_reap = true;

	p = find_lock_task_mm(victim);
	if (!p) {
		pr_info("%s: OOM victim %d (%s) is already exiting. Skip killing the task\n",
			message, victim->pid, victim->comm);
		put_task_struct(victim);
		return;
	}

	/* Get a reference to safely compare mm after task_unlock(victim) */
	mm = victim->mm;
	mmgrab(mm);

#ifdef MMU_NOTIFIER_OOM_ENTER
	/* The seed: notify MMU notifiers about the OOM event (still under task_lock(victim)) */
	mmu_notifier_oom_enter(mm);
#endif

	/* Raise event before sending signal: task reaper must see this (count_vm_event(OOM_KILL)) */

	/* We should send SIGKILL before granting access to memory reserves in order to prevent the OOM victim
	 * from depleting the memory reserves from the user space under its control. */
	do_send_sig_info(SIGKILL, victim);
	mark_oom_victim(victim);
	pr_err("%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB\n",
	       message, victim->pid, victim->comm, 0, 0, 0, 0);
	task_unlock(victim);

	/* Kill all user processes sharing victim->mm in other thread groups (none in the model). */
	rcu_read_lock();
	rcu_read_unlock();

	if (can_oom_reap)
		queue_oom_reaper(victim);

	mmdrop(mm);
	put_task_struct(victim);
}

/* mm/oom_kill.c: oom_kill_process() — "If the task is already exiting, don't alarm the sysadmin or kill its
 * children or threads, just give it access to memory reserves so it can die quickly": the task_will_free_mem()
 * shortcut queues the reaper without __oom_kill_process() (and so without the seed's ->oom_enter). The victim's
 * reference is the one select_bad_process() took. (dump_header, memcg oom groups: not modelled.) */
static void oom_kill_process(struct task_struct *victim, const char *message)
{
	task_lock(victim);
	if (task_will_free_mem(victim)) {
		mark_oom_victim(victim);
		queue_oom_reaper(victim);
		task_unlock(victim);
		put_task_struct(victim);
		return;
	}
	task_unlock(victim);

	__oom_kill_process(victim, message);
}

/* mm/oom_kill.c: out_of_memory() — caller holds oom_lock. The allocating task is not the victim (its own
 * task_will_free_mem(current) shortcut is false); victim selection is not modelled: select_bad_process() picks the
 * VMM and takes a reference (oom_evaluate_task()). */
static bool out_of_memory(struct task_struct *victim)
{
	get_task_struct(victim);
	oom_kill_process(victim, "Out of memory");
	return true;
}

/* mm/page_alloc.c: __alloc_pages_may_oom() — "Acquire the oom lock. If that fails, somebody else is making
 * progress for us." */
static void __alloc_pages_may_oom(struct task_struct *victim)
{
	if (!mutex_trylock(&oom_lock)) {
		schedule_timeout_uninterruptible(1);
		return;
	}
	out_of_memory(victim);
	mutex_unlock(&oom_lock);
}

/* mm/oom_kill.c: process_mrelease(pidfd, 0) — a userspace OOM daemon (lmkd, systemd-oomd) reaps a process it has
 * killed, from syscall context: __oom_reap_task_mm() under mmap_read_lock_killable(), no retries, no reaper
 * thread (the daemon has no fatal signal pending, so the killable lock is the plain one). */
static long process_mrelease(struct task_struct *task)
{
	struct mm_struct *mm = NULL;
	struct task_struct *p;
	bool reap = false;
	long ret = 0;

	get_task_struct(task);	/* pidfd_get_task() */

	/* Make sure to choose a thread which still has a reference to mm during the group exit */
	p = find_lock_task_mm(task);
	if (!p) {
		ret = -ESRCH;
		goto put_task;
	}

	mm = p->mm;
	mmgrab(mm);

	if (task_will_free_mem(p))
		reap = true;
	else {
		/* Error only if the work has not been done already */
		if (!test_bit(MMF_OOM_SKIP, &mm->flags))
			ret = -EINVAL;
	}
	task_unlock(p);

	if (!reap)
		goto drop_mm;

	mmap_read_lock(mm);

	/* Check MMF_OOM_SKIP again under mmap_read_lock protection to ensure possible changes to exit_mmap are
	 * seen */
	if (!test_bit(MMF_OOM_SKIP, &mm->flags) && !__oom_reap_task_mm(mm))
		ret = -EAGAIN;
	mmap_read_unlock(mm);

drop_mm:
	mmdrop(mm);
put_task:
	put_task_struct(task);
	return ret;
}

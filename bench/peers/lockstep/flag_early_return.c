/*
 * Peer benchmark, scenario 2: the seed's open question — "should the callback simply set a flag
 * (kvm->oom_reaping) and have invalidate_range_start check this flag to return early?"
 *
 * ->oom_enter only sets kvm->oom_reaping; KVM's invalidate_range_start and _end return early while it is
 * set. The OOM killer then queues the OOM reaper, whose non-blockable invalidation (inside
 * non_block_start/end, under srcu_read_lock(&srcu)) now neither raises mmu_invalidate_in_progress nor zaps
 * the SPTE before the page is freed: a vCPU can keep (or install) an SPTE to the freed page, and the guest
 * access reaches a freed page. (A munmap that started before the flag and ends after it also leaves the
 * counters unbalanced.)
 *
 * Threads (the same in bench/peers/spin/flag_early_return.pml and bench/peers/coyote):
 *   - NR_INVALIDATIONS invalidators (munmap, blockable), NR_VCPUS vCPUs (fault + guest access) as in
 *     scenario 1;
 *   - one OOM killer: mmu_notifier_oom_enter(mm) (the walk under srcu_read_lock(&srcu) calling KVM's
 *     ->oom_enter, which sets the flag), then queue_oom_reaper: starts the OOM reaper thread;
 *   - the OOM reaper: __oom_reap_task_mm's non-blockable invalidate_range_start, unmap, invalidate_range_end.
 *   main waits for every thread and checks the counters are balanced.
 *
 * Expected verdict: bug (use-after-free of the guest page, or unbalanced accounting).
 */
#include <lockstep/kernel.h>

#ifndef NR_VCPUS
#define NR_VCPUS 1
#endif
#ifndef NR_INVALIDATIONS
#define NR_INVALIDATIONS 1
#endif

DEFINE_STATIC_SRCU(srcu);               /* mm/mmu_notifier.c's global SRCU domain */

struct kvm;

struct mmu_notifier_ops {
	void (*invalidate_range_start)(struct kvm *kvm);
	void (*invalidate_range_end)(struct kvm *kvm);
	void (*oom_enter)(struct kvm *kvm);
};

struct kvm {
	spinlock_t mn_invalidate_lock;
	unsigned long mn_active_invalidate_count;
	spinlock_t mmu_lock;
	long mmu_invalidate_in_progress;
	unsigned long mmu_invalidate_seq;
	struct page *spte;              /* the secondary mapping of the one gfn */
	const struct mmu_notifier_ops *ops;
	int registered;                 /* !hlist_unhashed(&kvm->mmu_notifier.hlist) */
	int oom_reaping;                /* set by ->oom_enter */
};

struct mm {
	spinlock_t ptl;
	spinlock_t subscriptions_lock;
	struct page *pte;               /* the primary mapping of the one hva */
};

static struct kvm the_kvm;
static struct mm the_mm;

/* --- KVM's subscriber --- */

static void kvm_mmu_notifier_invalidate_range_start(struct kvm *kvm)
{
	if (READ_ONCE(kvm->oom_reaping))
		return;                         /* the proposal: return early once OOM has begun */
	spin_lock(&kvm->mn_invalidate_lock);
	kvm->mn_active_invalidate_count++;
	spin_unlock(&kvm->mn_invalidate_lock);

	spin_lock(&kvm->mmu_lock);
	kvm->mmu_invalidate_in_progress++;
	kvm->spte = NULL;
	spin_unlock(&kvm->mmu_lock);
}

static void kvm_mmu_notifier_invalidate_range_end(struct kvm *kvm)
{
	if (READ_ONCE(kvm->oom_reaping))
		return;
	spin_lock(&kvm->mmu_lock);
	kvm->mmu_invalidate_seq++;
	kvm->mmu_invalidate_in_progress--;
	spin_unlock(&kvm->mmu_lock);

	spin_lock(&kvm->mn_invalidate_lock);
	if (!WARN_ON_ONCE(!kvm->mn_active_invalidate_count))
		--kvm->mn_active_invalidate_count;
	spin_unlock(&kvm->mn_invalidate_lock);
}

static void kvm_mmu_notifier_oom_enter(struct kvm *kvm)
{
	WRITE_ONCE(kvm->oom_reaping, 1);
}

static const struct mmu_notifier_ops kvm_mmu_notifier_ops = {
	.invalidate_range_start = kvm_mmu_notifier_invalidate_range_start,
	.invalidate_range_end = kvm_mmu_notifier_invalidate_range_end,
	.oom_enter = kvm_mmu_notifier_oom_enter,
};

/* the seed's patch: mm/mmu_notifier.c */
static void __mmu_notifier_oom_enter(void)
{
	int id;

	id = srcu_read_lock(&srcu);
	if (READ_ONCE(the_kvm.registered) && the_kvm.ops->oom_enter)
		the_kvm.ops->oom_enter(&the_kvm);
	srcu_read_unlock(&srcu, id);
}

/* --- A4: munmap of the page --- */

static void mmu_notifier_invalidate_range_start(int blockable)
{
	int id = srcu_read_lock(&srcu);

	if (READ_ONCE(the_kvm.registered)) {
		if (!blockable)
			non_block_start();
		the_kvm.ops->invalidate_range_start(&the_kvm);
		if (!blockable)
			non_block_end();
	}
	srcu_read_unlock(&srcu, id);
}

static void mmu_notifier_invalidate_range_end(int blockable)
{
	int id = srcu_read_lock(&srcu);

	if (READ_ONCE(the_kvm.registered)) {
		if (!blockable)
			non_block_start();
		the_kvm.ops->invalidate_range_end(&the_kvm);
		if (!blockable)
			non_block_end();
	}
	srcu_read_unlock(&srcu, id);
}

static void unmap_and_free(void)
{
	struct page *old;

	spin_lock(&the_mm.ptl);
	old = the_mm.pte;
	the_mm.pte = NULL;
	spin_unlock(&the_mm.ptl);
	if (old)
		put_page(old);
}

static int invalidator(void *data)
{
	mmu_notifier_invalidate_range_start(1);
	unmap_and_free();
	mmu_notifier_invalidate_range_end(1);
	return 0;
}

/* --- A6: the OOM reaper (__oom_reap_task_mm) --- */

static int oom_reaper(void *data)
{
	mmu_notifier_invalidate_range_start(0); /* _nonblock: KVM's start never fails */
	unmap_and_free();
	mmu_notifier_invalidate_range_end(0);
	return 0;
}

/* --- A1/A2: guest page fault, then a guest access --- */

#include "vcpu_fault.h"

/* --- A5: the OOM killer --- */

static int oom_killer(void *data)
{
	__mmu_notifier_oom_enter();             /* mmu_notifier_oom_enter(mm) in __oom_kill_process */
	return kthread_stop(kthread_run(oom_reaper, NULL, "oom_reaper"));  /* queue_oom_reaper; wait */
}

int main(void)
{
	struct task_struct *inv[NR_INVALIDATIONS];
	struct task_struct *vc[NR_VCPUS];
	struct task_struct *oom;
	int i;

	spin_lock_init(&the_kvm.mn_invalidate_lock);
	spin_lock_init(&the_kvm.mmu_lock);
	spin_lock_init(&the_mm.ptl);
	spin_lock_init(&the_mm.subscriptions_lock);
	the_kvm.ops = &kvm_mmu_notifier_ops;
	the_kvm.registered = 1;
	the_mm.pte = alloc_page(GFP_KERNEL);

	for (i = 0; i < NR_INVALIDATIONS; i++)
		inv[i] = kthread_run(invalidator, NULL, "munmap");
	for (i = 0; i < NR_VCPUS; i++)
		vc[i] = kthread_run(vcpu, NULL, "vcpu");
	oom = kthread_run(oom_killer, NULL, "oom");

	for (i = 0; i < NR_INVALIDATIONS; i++)
		kthread_stop(inv[i]);
	for (i = 0; i < NR_VCPUS; i++)
		kthread_stop(vc[i]);
	kthread_stop(oom);

	assert(the_kvm.mn_active_invalidate_count == 0);      /* I4 at quiescence */
	assert(the_kvm.mmu_invalidate_in_progress == 0);      /* I5 at quiescence */
	return 0;
}

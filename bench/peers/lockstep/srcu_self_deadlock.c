/*
 * Peer benchmark, scenario 1: the seed's SRCU self-deadlock (../shared/seed/000_6e58422f6d170d6a.txt).
 *
 * The OOM killer calls the new mmu_notifier_oom_enter(mm): it walks the mm's subscribers under
 * srcu_read_lock(&srcu) and calls KVM's ->oom_enter, which is kvm_mmu_notifier_detach(): xchg(mn_killed),
 * mmu_notifier_unregister() (->release zaps every SPTE, the subscription is unhashed, then
 * synchronize_srcu(&srcu)) and the repair of mn_active_invalidate_count. synchronize_srcu() waits for the
 * read section it is called from: lockdep says "possible recursive locking detected"; without lockdep the
 * OOM killer hangs forever (and with it main, which waits for it).
 *
 * Threads (the same in bench/peers/spin/srcu_self_deadlock.pml and bench/peers/coyote):
 *   - NR_INVALIDATIONS invalidators (munmap of the one guest page): the mmu-notifier core walks the
 *     subscribers under srcu_read_lock(&srcu) and calls KVM's start / end (count under mn_invalidate_lock,
 *     in_progress / seq and the SPTE zap under mmu_lock); the page is unmapped and freed in between;
 *   - NR_VCPUS vCPUs: one guest page fault (seq snapshot, GUP, recheck under mmu_lock, install or retry),
 *     then one guest access through the SPTE;
 *   - one OOM killer: mmu_notifier_oom_enter(mm) as in the seed's patch.
 *
 * Expected verdict: bug (recursive locking on srcu; with --config NO_LOCKDEP a deadlock).
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
	void (*release)(struct kvm *kvm);
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
	long mn_killed;
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
	spin_lock(&kvm->mmu_lock);
	kvm->mmu_invalidate_seq++;
	kvm->mmu_invalidate_in_progress--;
	spin_unlock(&kvm->mmu_lock);

	spin_lock(&kvm->mn_invalidate_lock);
	if (!WARN_ON_ONCE(!kvm->mn_active_invalidate_count))
		--kvm->mn_active_invalidate_count;
	spin_unlock(&kvm->mn_invalidate_lock);
}

static void kvm_mmu_notifier_release(struct kvm *kvm)
{
	spin_lock(&kvm->mmu_lock);              /* kvm_flush_shadow_all */
	kvm->spte = NULL;
	spin_unlock(&kvm->mmu_lock);
}

/* mm/mmu_notifier.c */
static void mmu_notifier_unregister(struct kvm *kvm)
{
	int id;

	if (READ_ONCE(kvm->registered)) {
		id = srcu_read_lock(&srcu);
		kvm->ops->release(kvm);
		srcu_read_unlock(&srcu, id);
		spin_lock(&the_mm.subscriptions_lock);
		WRITE_ONCE(kvm->registered, 0);  /* hlist_del_init_rcu */
		spin_unlock(&the_mm.subscriptions_lock);
	}
	synchronize_srcu(&srcu);                /* no callback of kvm runs after this */
}

/* the seed's patch: virt/kvm/kvm_main.c */
static void kvm_mmu_notifier_detach(struct kvm *kvm)
{
	if (xchg(&kvm->mn_killed, 1))
		return;
	mmu_notifier_unregister(kvm);
	if (kvm->mn_active_invalidate_count)
		kvm->mn_active_invalidate_count = 0;
	else
		WARN_ON(kvm->mmu_invalidate_in_progress);
}

static void kvm_mmu_notifier_oom_enter(struct kvm *kvm)
{
	kvm_mmu_notifier_detach(kvm);
}

static const struct mmu_notifier_ops kvm_mmu_notifier_ops = {
	.invalidate_range_start = kvm_mmu_notifier_invalidate_range_start,
	.invalidate_range_end = kvm_mmu_notifier_invalidate_range_end,
	.release = kvm_mmu_notifier_release,
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

static void mmu_notifier_invalidate_range_start(void)
{
	int id = srcu_read_lock(&srcu);

	if (READ_ONCE(the_kvm.registered))
		the_kvm.ops->invalidate_range_start(&the_kvm);
	srcu_read_unlock(&srcu, id);
}

static void mmu_notifier_invalidate_range_end(void)
{
	int id = srcu_read_lock(&srcu);

	if (READ_ONCE(the_kvm.registered))
		the_kvm.ops->invalidate_range_end(&the_kvm);
	srcu_read_unlock(&srcu, id);
}

static int invalidator(void *data)
{
	struct page *old;

	mmu_notifier_invalidate_range_start();
	spin_lock(&the_mm.ptl);
	old = the_mm.pte;
	the_mm.pte = NULL;
	spin_unlock(&the_mm.ptl);
	if (old)
		put_page(old);
	mmu_notifier_invalidate_range_end();
	return 0;
}

/* --- A1/A2: guest page fault, then a guest access --- */

#include "vcpu_fault.h"

/* --- A5: the OOM killer --- */

static int oom_killer(void *data)
{
	__mmu_notifier_oom_enter();             /* mmu_notifier_oom_enter(mm) in __oom_kill_process */
	return 0;
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
	return 0;
}

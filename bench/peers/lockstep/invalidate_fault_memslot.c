/*
 * Peer benchmark, scenario 3: the bug-free KVM invalidate / fault / memslot protocol (upstream).
 *
 * Threads (the same in bench/peers/spin/invalidate_fault_memslot.pml and bench/peers/coyote):
 *   - NR_INVALIDATIONS invalidators (munmap of the one guest page, blockable): KVM's
 *     invalidate_range_start (mn_active_invalidate_count++ under mn_invalidate_lock; on a memslot hit
 *     mmu_invalidate_in_progress++ and zap the SPTE under mmu_lock), the primary unmap under the PTL and
 *     the page freed, then invalidate_range_end (on a memslot hit seq++ and in_progress-- under mmu_lock;
 *     count-- and rcuwait_wake_up when it reaches zero);
 *   - NR_VCPUS vCPUs: one guest page fault inside kvm->srcu (memslot lookup, snapshot mmu_invalidate_seq,
 *     GUP with a page reference, recheck under mmu_lock, install the SPTE or retry), then one guest access
 *     through the SPTE;
 *   - one memslot updater deleting the slot as kvm_set_memslot does: swap #1 publishes the slot flagged
 *     KVM_MEMSLOT_INVALID (still seen by invalidations, faults on it do not install), then
 *     kvm_arch_flush_shadow_memslot zaps its SPTE, then swap #2 removes it. Each kvm_swap_active_memslots
 *     waits on the rcuwait until mn_active_invalidate_count is 0, publishes under mn_invalidate_lock and
 *     then does synchronize_srcu_expedited(&kvm->srcu).
 *   main starts them, waits for all of them and checks that the accounting is balanced (I4, I5).
 *
 * Simplifications shared by all three tools: one gfn / one hva, so "range overlaps" is "the slot is present";
 * mmu_lock is a spinlock_t (the generic KVM configuration; x86 uses an rwlock with the fault on the read
 * side); the guest access takes mmu_lock, which stands for "the zap's remote TLB flush waits for the vCPU to
 * leave guest mode" (without it a stale access between a zap and its flush would be a false positive).
 *
 * Expected verdict: ok (no use-after-free of the guest page, no deadlock, balanced counters).
 */
#include <lockstep/kernel.h>

#ifndef NR_VCPUS
#define NR_VCPUS 1
#endif
#ifndef NR_INVALIDATIONS
#define NR_INVALIDATIONS 1
#endif

struct kvm {
	spinlock_t mn_invalidate_lock;
	unsigned long mn_active_invalidate_count;
	struct rcuwait mn_memslots_update_rcuwait;
	spinlock_t mmu_lock;
	long mmu_invalidate_in_progress;
	unsigned long mmu_invalidate_seq;
	struct srcu_struct srcu;
	int slot_state;                 /* the active memslot array's slot for the hva: SLOT_* */
	struct page *spte;              /* the secondary mapping of the one gfn */
};

struct mm {
	spinlock_t ptl;
	struct page *pte;               /* the primary mapping of the one hva */
};

enum { SLOT_GONE, SLOT_INVALID, SLOT_VALID };

static struct kvm the_kvm;
static struct mm the_mm;

/* --- KVM's MMU-notifier subscriber --- */

static void kvm_mmu_notifier_invalidate_range_start(struct kvm *kvm)
{
	spin_lock(&kvm->mn_invalidate_lock);
	kvm->mn_active_invalidate_count++;
	spin_unlock(&kvm->mn_invalidate_lock);

	if (READ_ONCE(kvm->slot_state) != SLOT_GONE) {     /* the range hits a memslot */
		spin_lock(&kvm->mmu_lock);
		kvm->mmu_invalidate_in_progress++;      /* kvm_mmu_invalidate_begin */
		kvm->spte = NULL;                       /* kvm_unmap_gfn_range + flush */
		spin_unlock(&kvm->mmu_lock);
	}
}

static void kvm_mmu_notifier_invalidate_range_end(struct kvm *kvm)
{
	int wake;

	if (READ_ONCE(kvm->slot_state) != SLOT_GONE) {
		spin_lock(&kvm->mmu_lock);
		kvm->mmu_invalidate_seq++;              /* kvm_mmu_invalidate_end */
		kvm->mmu_invalidate_in_progress--;
		spin_unlock(&kvm->mmu_lock);
	}

	spin_lock(&kvm->mn_invalidate_lock);
	if (!WARN_ON_ONCE(!kvm->mn_active_invalidate_count))
		--kvm->mn_active_invalidate_count;
	wake = !kvm->mn_active_invalidate_count;
	spin_unlock(&kvm->mn_invalidate_lock);
	if (wake)
		rcuwait_wake_up(&kvm->mn_memslots_update_rcuwait);
}

/* --- A4: munmap of the page --- */

static int invalidator(void *data)
{
	struct page *old;

	kvm_mmu_notifier_invalidate_range_start(&the_kvm);

	spin_lock(&the_mm.ptl);                 /* unmap_page_range */
	old = the_mm.pte;
	the_mm.pte = NULL;
	spin_unlock(&the_mm.ptl);
	if (old)
		put_page(old);                  /* the primary mapping's reference: freed here */

	kvm_mmu_notifier_invalidate_range_end(&the_kvm);
	return 0;
}

/* --- A1/A2: guest page fault, then a guest access --- */

#include "hva_to_pfn.h"

static int vcpu(void *data)
{
	struct kvm *kvm = &the_kvm;
	struct page *page;
	struct page *p;
	unsigned long mmu_seq;
	int idx;

	idx = srcu_read_lock(&kvm->srcu);
	if (READ_ONCE(kvm->slot_state) != SLOT_VALID)
		goto out;                       /* no usable memslot: RET_PF_RETRY / MMIO, no SPTE */
retry:
	mmu_seq = READ_ONCE(kvm->mmu_invalidate_seq);
	page = hva_to_pfn();
	spin_lock(&kvm->mmu_lock);
	if (kvm->mmu_invalidate_in_progress || kvm->mmu_invalidate_seq != mmu_seq) {
		spin_unlock(&kvm->mmu_lock);    /* is_page_fault_stale: RET_PF_RETRY */
		put_page(page);
		goto retry;
	}
	kvm->spte = page;
	spin_unlock(&kvm->mmu_lock);
	put_page(page);                         /* the SPTE holds no reference */

	spin_lock(&kvm->mmu_lock);              /* guest access through the SPTE */
	p = kvm->spte;
	if (p)
		READ_ONCE(p->data);
	spin_unlock(&kvm->mmu_lock);
out:
	srcu_read_unlock(&kvm->srcu, idx);
	return 0;
}

/* --- A3: delete the memslot --- */

static void kvm_swap_active_memslots(struct kvm *kvm, int new_state)
{
	spin_lock(&kvm->mn_invalidate_lock);
	while (kvm->mn_active_invalidate_count) {
		spin_unlock(&kvm->mn_invalidate_lock);
		rcuwait_wait_event(&kvm->mn_memslots_update_rcuwait,
				   READ_ONCE(kvm->mn_active_invalidate_count) == 0, TASK_UNINTERRUPTIBLE);
		spin_lock(&kvm->mn_invalidate_lock);
	}
	WRITE_ONCE(kvm->slot_state, new_state); /* rcu_assign_pointer(kvm->memslots[as_id], slots) */
	spin_unlock(&kvm->mn_invalidate_lock);

	synchronize_srcu_expedited(&kvm->srcu);
}

static int memslot_updater(void *data)
{
	struct kvm *kvm = &the_kvm;

	kvm_swap_active_memslots(kvm, SLOT_INVALID);

	spin_lock(&kvm->mmu_lock);              /* kvm_arch_flush_shadow_memslot */
	kvm->spte = NULL;
	spin_unlock(&kvm->mmu_lock);

	kvm_swap_active_memslots(kvm, SLOT_GONE);
	return 0;
}

int main(void)
{
	struct task_struct *inv[NR_INVALIDATIONS];
	struct task_struct *vc[NR_VCPUS];
	struct task_struct *upd;
	int i;

	spin_lock_init(&the_kvm.mn_invalidate_lock);
	spin_lock_init(&the_kvm.mmu_lock);
	rcuwait_init(&the_kvm.mn_memslots_update_rcuwait);
	init_srcu_struct(&the_kvm.srcu);
	spin_lock_init(&the_mm.ptl);
	the_kvm.slot_state = SLOT_VALID;
	the_mm.pte = alloc_page(GFP_KERNEL);

	for (i = 0; i < NR_INVALIDATIONS; i++)
		inv[i] = kthread_run(invalidator, NULL, "munmap");
	for (i = 0; i < NR_VCPUS; i++)
		vc[i] = kthread_run(vcpu, NULL, "vcpu");
	upd = kthread_run(memslot_updater, NULL, "memslots");

	for (i = 0; i < NR_INVALIDATIONS; i++)
		kthread_stop(inv[i]);
	for (i = 0; i < NR_VCPUS; i++)
		kthread_stop(vc[i]);
	kthread_stop(upd);

	assert(the_kvm.mn_active_invalidate_count == 0);      /* I4 at quiescence */
	assert(the_kvm.mmu_invalidate_in_progress == 0);      /* I5 at quiescence */
	return 0;
}

/* arch/x86/kvm/mmu/mmu.c and tdp_mmu.c — the x86 TDP MMU reduced to one leaf SPTE per gfn
 * (kvm->arch.spte[gfn]): zapping, and the page-fault path of a vCPU (A1). */
#include <linux/kvm_host.h>
#include "../../../../virt/kvm/kvm_mm.h"

#ifndef MAX_FAULT_RETRIES
#define MAX_FAULT_RETRIES 1	/* RET_PF_RETRY re-faults; bounded in the model (the kernel loops) */
#endif

static void kvm_flush_remote_tlbs(struct kvm *kvm);
static long get_user_pages_unlocked(struct mm_struct *mm, unsigned long hva, struct page **pagep);

/* arch/x86/kvm/mmu/mmu.c: kvm_unmap_gfn_range() → kvm_tdp_mmu_unmap_gfn_range(): zap the leaf SPTEs of the
 * range; true = a TLB flush is needed. Caller holds mmu_lock for write. */
static bool kvm_unmap_gfn_range(struct kvm *kvm, struct kvm_gfn_range *range)
{
	bool flush = false;
	gfn_t gfn;

	for (gfn = range->start; gfn < range->end; gfn++) {
		if (kvm->arch.spte[gfn]) {
			WRITE_ONCE(kvm->arch.spte[gfn], NULL);
			flush = true;
		}
	}
	return flush;
}

/* arch/x86/kvm/mmu/mmu.c: kvm_mmu_zap_all() (kvm_arch_flush_shadow_all) — zap every SPTE */
static void kvm_arch_flush_shadow_all(struct kvm *kvm)
{
	gfn_t gfn;

	KVM_MMU_LOCK(kvm);
	for (gfn = 0; gfn < NR_PAGES; gfn++)
		WRITE_ONCE(kvm->arch.spte[gfn], NULL);
	kvm_flush_remote_tlbs(kvm);
	KVM_MMU_UNLOCK(kvm);
}

/* arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot() → kvm_mmu_zap_memslot() */
static void kvm_arch_flush_shadow_memslot(struct kvm *kvm, struct kvm_memory_slot *slot)
{
	gfn_t gfn;

	KVM_MMU_LOCK(kvm);
	for (gfn = slot->base_gfn; gfn < slot->base_gfn + slot->npages; gfn++)
		WRITE_ONCE(kvm->arch.spte[gfn], NULL);
	kvm_flush_remote_tlbs(kvm);
	KVM_MMU_UNLOCK(kvm);
}

/* arch/x86/kvm/x86.c: kvm_arch_guest_memory_reclaimed() — SEV cache flush only; nothing here */
static void kvm_arch_guest_memory_reclaimed(struct kvm *kvm)
{
}

/* arch/x86/kvm/mmu/mmu.c: kvm_tdp_page_fault() → kvm_mmu_faultin_pfn() → __kvm_faultin_pfn() → hva_to_pfn(),
 * then is_page_fault_stale() and kvm_tdp_mmu_map() under mmu_lock (read). Caller holds kvm->srcu.
 * The lockless pre-check mmu_invalidate_retry_gfn_unsafe() is an optimization and is not modelled. */
static int kvm_tdp_page_fault(struct kvm_vcpu *vcpu, gfn_t gfn)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_memory_slot *slot;
	unsigned long mmu_seq;
	struct page *page;
	int r;

	slot = __kvm_memslots(kvm, 0)->hva_tree;	/* kvm_vcpu_gfn_to_memslot() */
	if (!slot || gfn < slot->base_gfn || gfn >= slot->base_gfn + slot->npages)
		return RET_PF_EMULATE;			/* no memslot: MMIO, emulated */
	if (slot->flags & KVM_MEMSLOT_INVALID)
		return RET_PF_RETRY;			/* memslot being deleted/moved */

	mmu_seq = kvm->mmu_invalidate_seq;
	smp_rmb();

	if (get_user_pages_unlocked(kvm->mm, __gfn_to_hva_memslot(slot, gfn), &page) != 1)
		return -EFAULT;

#ifdef KVM_HAVE_MMU_RWLOCK
	read_lock(&kvm->mmu_lock);
#else
	spin_lock(&kvm->mmu_lock);
#endif
	if (mmu_invalidate_retry_gfn(kvm, mmu_seq, gfn)) {
		r = RET_PF_RETRY;
		goto out_unlock;
	}
	WRITE_ONCE(kvm->arch.spte[gfn], page);	/* kvm_tdp_mmu_map(): no page reference held by the SPTE */
	r = RET_PF_FIXED;
out_unlock:
#ifdef KVM_HAVE_MMU_RWLOCK
	read_unlock(&kvm->mmu_lock);
#else
	spin_unlock(&kvm->mmu_lock);
#endif
	put_page(page);					/* kvm_release_faultin_page() */
	return r;
}

/* arch/x86/kvm/mmu/mmu.c: kvm_mmu_page_fault() — re-fault on RET_PF_RETRY (bounded here) */
static int kvm_mmu_page_fault(struct kvm_vcpu *vcpu, gfn_t gfn)
{
	int r = RET_PF_RETRY;
	int tries;

	for (tries = 0; tries <= MAX_FAULT_RETRIES && r == RET_PF_RETRY; tries++)
		r = kvm_tdp_page_fault(vcpu, gfn);
	return r;
}

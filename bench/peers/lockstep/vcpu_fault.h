/* Shared by scenarios 1 and 2: the vCPU (A1/A2) — one guest page fault with the mmu_invalidate_seq snapshot
 * and the recheck under mmu_lock (retry on a racing invalidation), then one guest access through the SPTE. */
#pragma once
#include "hva_to_pfn.h"

static int vcpu(void *data)
{
	struct kvm *kvm = &the_kvm;
	struct page *page;
	struct page *p;
	unsigned long mmu_seq;

retry:
	mmu_seq = READ_ONCE(kvm->mmu_invalidate_seq);
	page = hva_to_pfn();
	spin_lock(&kvm->mmu_lock);
	if (kvm->mmu_invalidate_in_progress || kvm->mmu_invalidate_seq != mmu_seq) {
		spin_unlock(&kvm->mmu_lock);
		put_page(page);
		goto retry;
	}
	kvm->spte = page;
	spin_unlock(&kvm->mmu_lock);
	put_page(page);

	spin_lock(&kvm->mmu_lock);              /* guest access through the SPTE */
	p = kvm->spte;
	if (p)
		READ_ONCE(p->data);
	spin_unlock(&kvm->mmu_lock);
	return 0;
}

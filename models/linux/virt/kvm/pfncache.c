/* virt/kvm/pfncache.c — gfn_to_pfn caches (x86: CONFIG_HAVE_KVM_PFNCACHE; kvmclock and Xen use them). Each vCPU's
 * kvmclock cache (vcpu->arch.pv_time) is active and maps guest page 0 when the OOM killer fires (kvm_oom.c's
 * main()). Like an SPTE the cache holds no page reference, so it must be invalidated before the page is freed:
 * gfn_to_pfn_cache_invalidate_start() does it from KVM's invalidate_range_start(), under kvm->gpc_lock (a
 * spinlock_t: sleeping on PREEMPT_RT) before kvm->mmu_lock. Not modelled: kvm_gpc_refresh() (hva_to_pfn_retry():
 * it may sleep and retries against mmu_invalidate_seq) — a reader that finds the cache invalid skips its update,
 * as kvm_setup_guest_pvclock() does when the refresh fails. */
#include <linux/kvm_host.h>

/* virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start() */
static void gfn_to_pfn_cache_invalidate_start(struct kvm *kvm, unsigned long start, unsigned long end)
{
	struct gfn_to_pfn_cache *gpc;

	spin_lock(&kvm->gpc_lock);
	list_for_each_entry(gpc, &kvm->gpc_list, list) {
		read_lock_irq(&gpc->lock);

		/* Only a single page so no need to care about length */
		if (gpc->valid && gpc->pfn && gpc->uhva >= start && gpc->uhva < end) {
			read_unlock_irq(&gpc->lock);

			/* There is a small window here where the cache could be modified, and invalidation would no
			 * longer be necessary. Hence check again whether invalidation is still necessary once the write
			 * lock has been acquired. */
			write_lock_irq(&gpc->lock);
			if (gpc->valid && gpc->pfn && gpc->uhva >= start && gpc->uhva < end)
				gpc->valid = false;
			write_unlock_irq(&gpc->lock);
			continue;
		}

		read_unlock_irq(&gpc->lock);
	}
	spin_unlock(&kvm->gpc_lock);
}

/* virt/kvm/pfncache.c: kvm_gpc_check() — caller holds gpc->lock for read */
static bool kvm_gpc_check(struct gfn_to_pfn_cache *gpc)
{
	if (!gpc->active)
		return false;
	if (!gpc->valid)
		return false;
	return true;
}

/* virt/kvm/pfncache.c: kvm_gpc_init() + kvm_gpc_activate() as they leave an active cache after a successful
 * refresh of hva `uhva` mapping `page` (done single-threaded at setup). */
static void kvm_gpc_init_active(struct gfn_to_pfn_cache *gpc, struct kvm *kvm, unsigned long uhva, struct page *page)
{
	rwlock_init(&gpc->lock);
	gpc->kvm = kvm;
	gpc->uhva = uhva;
	gpc->pfn = page;
	gpc->active = true;
	gpc->valid = true;
	spin_lock(&kvm->gpc_lock);
	list_add(&gpc->list, &kvm->gpc_list);
	spin_unlock(&kvm->gpc_lock);
}

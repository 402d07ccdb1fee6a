/* virt/kvm/pfncache.c — the pfn caches' side of an invalidation (x86: CONFIG_HAVE_KVM_PFNCACHE).
 * No cache is activated in the model, so the list is empty; what matters is that start() takes
 * kvm->gpc_lock (a spinlock_t: sleeping on PREEMPT_RT) before kvm->mmu_lock. */
#include <linux/kvm_host.h>

/* include/linux/kvm_types.h: struct gfn_to_pfn_cache (the fields the invalidation looks at) */
struct gfn_to_pfn_cache {
	struct list_head list;
	rwlock_t lock;
	unsigned long uhva;
	bool valid;
};

/* virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start() */
static void gfn_to_pfn_cache_invalidate_start(struct kvm *kvm, unsigned long start, unsigned long end)
{
	struct gfn_to_pfn_cache *gpc;

	spin_lock(&kvm->gpc_lock);
	list_for_each_entry(gpc, &kvm->gpc_list, list) {
		read_lock_irq(&gpc->lock);
		if (gpc->valid && gpc->uhva >= start && gpc->uhva < end) {
			read_unlock_irq(&gpc->lock);
			write_lock_irq(&gpc->lock);
			if (gpc->valid && gpc->uhva >= start && gpc->uhva < end)
				gpc->valid = false;
			write_unlock_irq(&gpc->lock);
			continue;
		}
		read_unlock_irq(&gpc->lock);
	}
	spin_unlock(&kvm->gpc_lock);
}

/* include/linux/kvm_host.h — struct kvm, struct kvm_vcpu, memslots, and the mmu_invalidate_retry helpers.
 *
 * Model simplifications (docs/seed.md):
 *  - one address space, at most one memslot per memslot set: struct kvm_memslots keeps its "hva_tree" as a
 *    single slot pointer; the two sets are still double-buffered (__memslots[0|1]) and swapped as the kernel
 *    swaps them;
 *  - the x86 TDP MMU's leaf SPTEs are kvm->arch.spte[gfn] = the struct page mapped for that gfn
 *    (NULL = not present); the SPTE takes no page reference, as in the kernel;
 *  - guest mode is vcpu->mode as the kernel keeps it; a request (kvm_make_all_cpus_request()) moves a vCPU in
 *    guest mode to EXITING_GUEST_MODE and, for KVM_REQUEST_WAIT requests, waits for the IPI's acknowledgement,
 *    which the vCPU's CPU gives once it has left the guest and enabled interrupts. */
#pragma once
#include <lockstep/kernel.h>
#include <linux/mm_types.h>
#include <linux/mmu_notifier.h>
#include <linux/sched_task.h>

/* arch/x86/include/asm/kvm_host.h: x86 has an rwlock_t mmu_lock and pfn caches */
#ifndef KVM_NO_MMU_RWLOCK
#define KVM_HAVE_MMU_RWLOCK 1
#endif
#ifndef KVM_NO_PFNCACHE
#define CONFIG_HAVE_KVM_PFNCACHE 1
#endif

#define KVM_MAX_NR_ADDRESS_SPACES 1
#define INVALID_GPA (~0UL)
#define KVM_MEMSLOT_INVALID (1UL << 16)
#define KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (1UL << 62)

/* arch/x86/kvm/mmu/mmu_internal.h: RET_PF_* */
#define RET_PF_CONTINUE 0
#define RET_PF_RETRY 1
#define RET_PF_EMULATE 2
#define RET_PF_FIXED 4

/* include/linux/kvm_host.h: vcpu->mode */
#define OUTSIDE_GUEST_MODE 0
#define IN_GUEST_MODE 1
#define EXITING_GUEST_MODE 2
#define READING_SHADOW_PAGE_TABLES 3

/* include/linux/kvm_host.h: requests. KVM_REQ_TLB_FLUSH is KVM_ARCH_REQ_FLAGS(0, KVM_REQUEST_WAIT |
 * KVM_REQUEST_NO_WAKEUP) on x86; the bit number and the flags are kept apart here. */
#define KVM_REQUEST_MASK 0xff
#define KVM_REQUEST_NO_WAKEUP (1 << 8)
#define KVM_REQUEST_WAIT (1 << 9)
#define KVM_REQ_TLB_FLUSH (0 | KVM_REQUEST_WAIT | KVM_REQUEST_NO_WAKEUP)

/* include/linux/kvm_types.h: struct gfn_to_pfn_cache (the fields the invalidation and a reader look at). The cache
 * holds no page reference (hva_to_pfn_retry() releases it): like an SPTE it relies on the MMU notifier. */
struct gfn_to_pfn_cache {
	struct list_head list;
	struct kvm *kvm;
	rwlock_t lock;
	unsigned long uhva;
	struct page *pfn;		/* the page the kernel mapping khva points into */
	bool active;
	bool valid;
};

struct kvm;

/* include/linux/kvm_host.h: struct kvm_memory_slot */
struct kvm_memory_slot {
	gfn_t base_gfn;
	unsigned long npages;
	unsigned long userspace_addr;
	u32 flags;
	short id;
	u16 as_id;
};

/* include/linux/kvm_host.h: struct kvm_memslots (hva_tree reduced to one slot, see above) */
struct kvm_memslots {
	u64 generation;
	struct kvm_memory_slot *hva_tree;
	int node_idx;
};

/* include/linux/kvm_host.h: struct kvm_gfn_range */
struct kvm_gfn_range {
	struct kvm_memory_slot *slot;
	gfn_t start;
	gfn_t end;
	bool may_block;
	bool lockless;
};

/* include/linux/kvm_host.h: struct kvm_vcpu */
struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	struct mutex mutex;
	int mode;			/* OUTSIDE_GUEST_MODE, IN_GUEST_MODE, EXITING_GUEST_MODE */
	unsigned long requests;
	int srcu_idx;			/* kvm_vcpu_srcu_read_lock() */
	struct gfn_to_pfn_cache pv_time;	/* arch/x86: vcpu->arch.pv_time, kvmclock's pfn cache */
};

/* arch/x86/include/asm/kvm_host.h: struct kvm_arch (the TDP MMU leaf SPTEs only) */
struct kvm_arch {
	struct page *spte[NR_PAGES];
};

#ifdef DEFER_NONBLOCK_INVALIDATE
/* The Mar-03 proposal: the non-blockable range whose invalidation a worker performs later. */
struct kvm_mn_deferred {
	struct work_struct work;
	struct mmu_notifier_range range;
	bool queued;
};
#endif

/* include/linux/kvm_host.h: struct kvm */
struct kvm {
#ifdef KVM_HAVE_MMU_RWLOCK
	rwlock_t mmu_lock;
#else
	spinlock_t mmu_lock;
#endif
	struct mutex slots_lock;
	struct mutex slots_arch_lock;
	struct mm_struct *mm;			/* userspace tied to this vm */
	unsigned long nr_memslot_pages;
	struct kvm_memslots __memslots[2];	/* [KVM_MAX_NR_ADDRESS_SPACES == 1][2] */
	struct kvm_memslots *memslots[KVM_MAX_NR_ADDRESS_SPACES];
	struct kvm_vcpu *vcpus[NR_VCPUS];
	int online_vcpus;
	atomic_t users_count;
	struct srcu_struct srcu;

	struct mmu_notifier mmu_notifier;
	unsigned long mmu_invalidate_seq;
	long mmu_invalidate_in_progress;
	gfn_t mmu_invalidate_range_start;
	gfn_t mmu_invalidate_range_end;

#ifdef RAW_MN_INVALIDATE_LOCK
	raw_spinlock_t mn_invalidate_lock;		/* Feb-09 patch */
#elif !defined(ATOMIC_MN_COUNT)
	spinlock_t mn_invalidate_lock;
#endif
#ifdef ATOMIC_MN_COUNT
	atomic_t mn_active_invalidate_count;		/* Feb-11 suggestion: no lock */
#else
	unsigned long mn_active_invalidate_count;
#endif
	struct rcuwait mn_memslots_update_rcuwait;

	/* pfn caches (virt/kvm/pfncache.c): every vCPU's kvmclock cache is on the list */
	spinlock_t gpc_lock;
	struct list_head gpc_list;

#ifdef MMU_NOTIFIER_OOM_ENTER
	long mn_killed;					/* the seed: kvm_mmu_notifier_detach() runs once */
#endif
#ifdef OOM_ENTER_FLAG_EARLY_RETURN
	bool oom_reaping;				/* the seed's open question */
#endif
#ifdef OOM_ENTER_DEFERRED_UNREGISTER
	struct work_struct mn_detach_work;		/* Paolo's "defer removal" */
#endif
#ifdef DEFER_NONBLOCK_INVALIDATE
	struct kvm_mn_deferred mn_deferred;
#endif
	struct kvm_arch arch;
};

/* include/linux/kvm_host.h: __kvm_memslots() */
static inline struct kvm_memslots *__kvm_memslots(struct kvm *kvm, int as_id)
{
	return srcu_dereference_check(kvm->memslots[as_id], &kvm->srcu, 1);
}

/* include/linux/kvm_host.h: hva_to_gfn_memslot() */
static inline gfn_t hva_to_gfn_memslot(unsigned long hva, struct kvm_memory_slot *slot)
{
	return slot->base_gfn + ((hva - slot->userspace_addr) >> PAGE_SHIFT);
}

/* include/linux/kvm_host.h: __gfn_to_hva_memslot() */
static inline unsigned long __gfn_to_hva_memslot(struct kvm_memory_slot *slot, gfn_t gfn)
{
	return slot->userspace_addr + ((gfn - slot->base_gfn) << PAGE_SHIFT);
}

/* include/linux/kvm_host.h: mmu_invalidate_retry_gfn() — must be called with mmu_lock held; true = a racing
 * invalidation may have freed the page the fault is about to map. */
static inline int mmu_invalidate_retry_gfn(struct kvm *kvm, unsigned long mmu_seq, gfn_t gfn)
{
	if (kvm->mmu_invalidate_in_progress) {
		/* "Dropping mmu_lock after bumping in_progress without adding a range is a KVM bug" */
		if (WARN_ON_ONCE(kvm->mmu_invalidate_range_start == INVALID_GPA))
			return 1;
		if (gfn >= kvm->mmu_invalidate_range_start && gfn < kvm->mmu_invalidate_range_end)
			return 1;
	}
	smp_rmb();
	if (kvm->mmu_invalidate_seq != mmu_seq)
		return 1;
	return 0;
}

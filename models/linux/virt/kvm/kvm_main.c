/* virt/kvm/kvm_main.c — KVM's MMU-notifier subscriber, memslot swaps, VM create/destroy; modelled on the
 * ~v6.19 linux-next copy (ColinIanKing/linux-next @ 03b9d3141510), plus the variants of the 2026 thread.
 * Simplifications: one address space and at most one memslot (see include/linux/kvm_host.h); the aging
 * callbacks (clear_flush_young & co.) are in the ops table but no aging actor calls them. */
#include <linux/kvm_host.h>
#include <linux/mmu_notifier.h>
#include <linux/sched_mm.h>
#include "kvm_mm.h"

/* The lock that protects mn_active_invalidate_count: spinlock_t upstream, raw_spinlock_t in the Feb-09 patch,
 * none with ATOMIC_MN_COUNT. */
#ifdef RAW_MN_INVALIDATE_LOCK
#define mn_invalidate_lock(kvm) raw_spin_lock(&(kvm)->mn_invalidate_lock)
#define mn_invalidate_unlock(kvm) raw_spin_unlock(&(kvm)->mn_invalidate_lock)
#else
#define mn_invalidate_lock(kvm) spin_lock(&(kvm)->mn_invalidate_lock)
#define mn_invalidate_unlock(kvm) spin_unlock(&(kvm)->mn_invalidate_lock)
#endif

/* Model ghosts read by the invariants of kvm_oom.c */
static int lockstep_kvm_alive;
static int lockstep_mn_count_repaired;	/* the count was (legitimately) forced to 0 */

/* include/linux/kvm_host.h: mmu_notifier_to_kvm() */
static inline struct kvm *mmu_notifier_to_kvm(struct mmu_notifier *mn)
{
	return container_of(mn, struct kvm, mmu_notifier);
}

/* include/linux/kvm_host.h: kvm_vcpu_exiting_guest_mode() */
static inline int kvm_vcpu_exiting_guest_mode(struct kvm_vcpu *vcpu)
{
	/* The memory barrier ensures a previous write to vcpu->requests cannot be reordered with the read of
	 * vcpu->mode. */
	smp_mb__before_atomic();
	return cmpxchg(&vcpu->mode, IN_GUEST_MODE, EXITING_GUEST_MODE);
}

/* include/linux/kvm_host.h: kvm_make_request() */
static inline void kvm_make_request(int req, struct kvm_vcpu *vcpu)
{
	/* Ensure the rest of the request is published to kvm_check_request's caller. */
	smp_wmb();
	set_bit(req & KVM_REQUEST_MASK, &vcpu->requests);
}

/* virt/kvm/kvm_main.c: kvm_request_needs_ipi() */
static inline bool kvm_request_needs_ipi(struct kvm_vcpu *vcpu, unsigned req)
{
	int mode = kvm_vcpu_exiting_guest_mode(vcpu);

	/* We need to wait for the VCPU to reenable interrupts and get out of READING_SHADOW_PAGE_TABLES mode. */
	if (req & KVM_REQUEST_WAIT)
		return mode != OUTSIDE_GUEST_MODE;

	/* Need to kick a running VCPU, but otherwise there is nothing to do. */
	return mode == IN_GUEST_MODE;
}

/* virt/kvm/kvm_main.c: kvm_make_all_cpus_request() → kvm_make_vcpus_request_mask() → smp_call_function_many(cpus,
 * ack_kick, NULL, wait). The IPI reaches a CPU in guest mode as a VM-exit; the CPU runs ack_kick() (and so releases
 * the sender's csd_lock_wait()) once the vCPU has left the guest and enabled interrupts — vcpu_enter_guest() sets
 * vcpu->mode = OUTSIDE_GUEST_MODE just before local_irq_enable() — so "the IPI to this vCPU was acknowledged" is
 * "its mode is no longer EXITING_GUEST_MODE". No vCPU is ever woken for a NO_WAKEUP request such as TLB_FLUSH. */
static bool kvm_make_all_cpus_request(struct kvm *kvm, unsigned int req)
{
	struct kvm_vcpu *vcpu;
	bool ipi[NR_VCPUS];
	bool called = false;
	int i;

	preempt_disable();	/* me = get_cpu() */
	for (i = 0; i < kvm->online_vcpus; i++) {
		vcpu = kvm->vcpus[i];
		ipi[i] = false;
		kvm_make_request(req, vcpu);
		if (kvm_request_needs_ipi(vcpu, req)) {
			ipi[i] = true;
			called = true;
		}
	}
	/* smp_call_function_many(): wait for each targeted CPU's acknowledgement (csd_lock_wait()) */
	if (req & KVM_REQUEST_WAIT) {
		for (i = 0; i < kvm->online_vcpus; i++) {
			if (!ipi[i])
				continue;
			while (READ_ONCE(kvm->vcpus[i]->mode) == EXITING_GUEST_MODE)
				cpu_relax();
		}
	}
	preempt_enable();	/* put_cpu() */
	return called;
}

/* virt/kvm/kvm_main.c: kvm_flush_remote_tlbs() — on x86 with EPT (no Hyper-V remote flush) the generic path:
 * a KVM_REQ_TLB_FLUSH request that waits for every vCPU in guest mode to take the IPI. */
static void kvm_flush_remote_tlbs(struct kvm *kvm)
{
	kvm_make_all_cpus_request(kvm, KVM_REQ_TLB_FLUSH);
}

/* virt/kvm/kvm_main.c: struct kvm_mmu_notifier_range (no handler / no on_lock is NULL here; the kernel uses the
 * kvm_null_fn stub) and kvm_mn_ret_t (returned through a pointer: the model language has no struct returns). */
struct kvm_mmu_notifier_range {
	u64 start;
	u64 end;
	bool (*handler)(struct kvm *kvm, struct kvm_gfn_range *range);
	void (*on_lock)(struct kvm *kvm);
	bool flush_on_ret;
	bool may_block;
	bool lockless;
};

typedef struct kvm_mmu_notifier_return {
	bool ret;
	bool found_memslot;
} kvm_mn_ret_t;

/* virt/kvm/kvm_main.c: kvm_handle_hva_range() — under kvm->srcu, for each memslot overlapping the range: on the
 * first hit take mmu_lock (write) and call on_lock; then the handler. mmu_lock is taken iff a memslot is hit. */
static void kvm_handle_hva_range(struct kvm *kvm, const struct kvm_mmu_notifier_range *range, kvm_mn_ret_t *r)
{
	struct kvm_gfn_range gfn_range;
	struct kvm_memory_slot *slot;
	struct kvm_memslots *slots;
	unsigned long hva_start, hva_end, slot_last;
	int i, idx;

	r->ret = false;
	r->found_memslot = false;

	if (WARN_ON_ONCE(range->end <= range->start))
		return;

	/* A null handler is allowed if and only if on_lock() is provided. */
	if (WARN_ON_ONCE(!range->on_lock && !range->handler))
		return;

	idx = srcu_read_lock(&kvm->srcu);

	for (i = 0; i < KVM_MAX_NR_ADDRESS_SPACES; i++) {
		slots = __kvm_memslots(kvm, i);
		slot = slots->hva_tree;
		/* kvm_for_each_memslot_in_hva_range(node, slots, range->start, range->end - 1) */
		if (!slot)
			continue;
		slot_last = slot->userspace_addr + (slot->npages << PAGE_SHIFT) - 1;
		if (slot->userspace_addr > range->end - 1 || slot_last < range->start)
			continue;

		hva_start = max(range->start, slot->userspace_addr);
		hva_end = min(range->end, slot->userspace_addr + (slot->npages << PAGE_SHIFT));

		gfn_range.may_block = range->may_block;
		gfn_range.start = hva_to_gfn_memslot(hva_start, slot);
		gfn_range.end = hva_to_gfn_memslot(hva_end + PAGE_SIZE - 1, slot);
		gfn_range.slot = slot;
		gfn_range.lockless = range->lockless;

		if (!r->found_memslot) {
			r->found_memslot = true;
			if (!range->lockless) {
				KVM_MMU_LOCK(kvm);
				if (range->on_lock)
					range->on_lock(kvm);
				if (!range->handler)
					goto mmu_unlock;
			}
		}
		r->ret |= range->handler(kvm, &gfn_range);
	}

	if (range->flush_on_ret && r->ret)
		kvm_flush_remote_tlbs(kvm);

mmu_unlock:
	if (r->found_memslot && !range->lockless)
		KVM_MMU_UNLOCK(kvm);

	srcu_read_unlock(&kvm->srcu, idx);
}

/* virt/kvm/kvm_main.c: kvm_mmu_invalidate_begin() — on_lock of start(); mmu_lock held for write */
static void kvm_mmu_invalidate_begin(struct kvm *kvm)
{
	/* The count increase must become visible at unlock time as no spte can be established without taking the
	 * mmu_lock and count is also read inside the mmu_lock critical section. */
	kvm->mmu_invalidate_in_progress++;

	if (kvm->mmu_invalidate_in_progress == 1) {
		kvm->mmu_invalidate_range_start = INVALID_GPA;
		kvm->mmu_invalidate_range_end = INVALID_GPA;
	}
}

/* virt/kvm/kvm_main.c: kvm_mmu_invalidate_range_add() */
static void kvm_mmu_invalidate_range_add(struct kvm *kvm, gfn_t start, gfn_t end)
{
	WARN_ON_ONCE(!kvm->mmu_invalidate_in_progress);

	if (kvm->mmu_invalidate_range_start == INVALID_GPA) {
		kvm->mmu_invalidate_range_start = start;
		kvm->mmu_invalidate_range_end = end;
	} else {
		/* Keep the minimal range that includes the current and new ranges. */
		kvm->mmu_invalidate_range_start = min(kvm->mmu_invalidate_range_start, start);
		kvm->mmu_invalidate_range_end = max(kvm->mmu_invalidate_range_end, end);
	}
}

/* virt/kvm/kvm_main.c: kvm_mmu_unmap_gfn_range() — handler of start() */
static bool kvm_mmu_unmap_gfn_range(struct kvm *kvm, struct kvm_gfn_range *range)
{
	kvm_mmu_invalidate_range_add(kvm, range->start, range->end);
	return kvm_unmap_gfn_range(kvm, range);
}

/* virt/kvm/kvm_main.c: kvm_mmu_invalidate_end() — on_lock of end(); mmu_lock held for write */
static void kvm_mmu_invalidate_end(struct kvm *kvm)
{
	/* This sequence increase will notify the kvm page fault that the page that is going to be mapped in the
	 * spte could have been freed. */
	kvm->mmu_invalidate_seq++;
	smp_wmb();
	/* The above sequence increase must be visible before the below count decrease. */
	kvm->mmu_invalidate_in_progress--;
	BUG_ON(kvm->mmu_invalidate_in_progress < 0);	/* KVM_BUG_ON */

	/* Assert that at least one range was added between start() and end(). */
	WARN_ON_ONCE(kvm->mmu_invalidate_range_start == INVALID_GPA);
}

#ifdef DEFER_NONBLOCK_INVALIDATE
static void kvm_mmu_notifier_defer(struct kvm *kvm, const struct mmu_notifier_range *range);
#endif

/* virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start() — upstream always returns 0 */
static int kvm_mmu_notifier_invalidate_range_start(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct kvm *kvm = mmu_notifier_to_kvm(mn);
	const struct kvm_mmu_notifier_range hva_range = {
		.start = range->start,
		.end = range->end,
		.handler = kvm_mmu_unmap_gfn_range,
		.on_lock = kvm_mmu_invalidate_begin,
		.flush_on_ret = true,
		.may_block = mmu_notifier_range_blockable(range),
	};
	kvm_mn_ret_t r;

#ifdef OOM_ENTER_FLAG_EARLY_RETURN
	/* The seed's open question: once ->oom_enter has flagged the VM, do nothing. */
	if (READ_ONCE(kvm->oom_reaping))
		return 0;
#endif
#ifdef NONBLOCK_EAGAIN
	/* The ops contract read literally: "has to return with -EAGAIN if sleeping would be required". */
	if (!mmu_notifier_range_blockable(range))
		return -EAGAIN;
#endif
#ifdef DEFER_NONBLOCK_INVALIDATE
	/* The Mar-03 proposal: hand a non-blockable invalidation to a worker that may block. */
	if (!mmu_notifier_range_blockable(range)) {
		kvm_mmu_notifier_defer(kvm, range);
		return 0;
	}
#endif

	/* Prevent memslot modification between range_start() and range_end() so that conditionally locking
	 * provides the same result in both functions. Pairs with the decrement in range_end(). */
#ifdef ATOMIC_MN_COUNT
	atomic_inc(&kvm->mn_active_invalidate_count);
#else
	mn_invalidate_lock(kvm);
	kvm->mn_active_invalidate_count++;
	mn_invalidate_unlock(kvm);
#endif

#ifdef CONFIG_HAVE_KVM_PFNCACHE
	/* Invalidate pfn caches _before_ invalidating the secondary MMUs, i.e. before acquiring mmu_lock. */
	gfn_to_pfn_cache_invalidate_start(kvm, range->start, range->end);
#endif

	/* If one or more memslots were found and thus zapped, notify arch code that guest memory has been
	 * reclaimed, after dropping mmu_lock. */
	kvm_handle_hva_range(kvm, &hva_range, &r);
	if (r.found_memslot)
		kvm_arch_guest_memory_reclaimed(kvm);

	return 0;
}

/* virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end() */
static void kvm_mmu_notifier_invalidate_range_end(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct kvm *kvm = mmu_notifier_to_kvm(mn);
	const struct kvm_mmu_notifier_range hva_range = {
		.start = range->start,
		.end = range->end,
		.handler = NULL,
		.on_lock = kvm_mmu_invalidate_end,
		.flush_on_ret = false,
		.may_block = mmu_notifier_range_blockable(range),
	};
	kvm_mn_ret_t r;
	bool wake;

#ifdef OOM_ENTER_FLAG_EARLY_RETURN
	/* Our completion of the proposal: end() must skip too, or it decrements what start() never counted. */
	if (READ_ONCE(kvm->oom_reaping))
		return;
#endif
#ifdef DEFER_NONBLOCK_INVALIDATE
	/* The worker runs start() and end() of a deferred range itself. */
	if (!mmu_notifier_range_blockable(range))
		return;
#endif

	kvm_handle_hva_range(kvm, &hva_range, &r);

	/* Pairs with the increment in range_start(). */
#ifdef ATOMIC_MN_COUNT
	wake = atomic_dec_and_test(&kvm->mn_active_invalidate_count);
#else
	mn_invalidate_lock(kvm);
	if (!WARN_ON_ONCE(!kvm->mn_active_invalidate_count))
		--kvm->mn_active_invalidate_count;
	wake = !kvm->mn_active_invalidate_count;
	mn_invalidate_unlock(kvm);
#endif

	/* There can only be one waiter, since the wait happens under slots_lock. */
	if (wake)
		rcuwait_wake_up(&kvm->mn_memslots_update_rcuwait);
}

#ifdef DEFER_NONBLOCK_INVALIDATE
/* The Mar-03 proposal (our reading, the patch text was not recovered): the worker performs the whole
 * start()+end() pair of a deferred non-blockable range in a context that may block, so the start/end
 * accounting stays consistent. */
static void kvm_mmu_notifier_deferred_fn(struct work_struct *work)
{
	struct kvm *kvm = container_of(work, struct kvm, mn_deferred.work);
	struct mmu_notifier_range range;

	mmu_notifier_range_init(&range, kvm->mn_deferred.range.event, MMU_NOTIFIER_RANGE_BLOCKABLE,
				kvm->mn_deferred.range.mm, kvm->mn_deferred.range.start, kvm->mn_deferred.range.end);
	kvm_mmu_notifier_invalidate_range_start(&kvm->mmu_notifier, &range);
	kvm_mmu_notifier_invalidate_range_end(&kvm->mmu_notifier, &range);
}

static void kvm_mmu_notifier_defer(struct kvm *kvm, const struct mmu_notifier_range *range)
{
	kvm->mn_deferred.range.event = range->event;
	kvm->mn_deferred.range.mm = range->mm;
	kvm->mn_deferred.range.start = range->start;
	kvm->mn_deferred.range.end = range->end;
	queue_work(system_unbound_wq, &kvm->mn_deferred.work);
}
#endif

/* virt/kvm/kvm_main.c: kvm_flush_shadow_all() */
static void kvm_flush_shadow_all(struct kvm *kvm)
{
	kvm_arch_flush_shadow_all(kvm);
	kvm_arch_guest_memory_reclaimed(kvm);
}

/* virt/kvm/kvm_main.c: kvm_mmu_notifier_release() */
static void kvm_mmu_notifier_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct kvm *kvm = mmu_notifier_to_kvm(mn);
	int idx;

	idx = srcu_read_lock(&kvm->srcu);
	kvm_flush_shadow_all(kvm);
	srcu_read_unlock(&kvm->srcu, idx);
}

#ifdef MMU_NOTIFIER_OOM_ENTER
/* The seed: virt/kvm/kvm_main.c: kvm_mmu_notifier_detach() — the count repair of kvm_destroy_vm(), moved into a
 * helper that also unregisters, run once (xchg on mn_killed), from ->oom_enter and from kvm_destroy_vm(). */
static void kvm_mmu_notifier_detach(struct kvm *kvm)
{
	/* Ensure this function is only executed once */
	if (xchg(&kvm->mn_killed, 1))
		return;

	mmu_notifier_unregister(&kvm->mmu_notifier, kvm->mm);

	/* Pending calls to invalidate_range_start() have completed but no more MMU notifiers will run, so
	 * mn_active_invalidate_count may remain unbalanced. */
	WARN_ON(rcuwait_active(&kvm->mn_memslots_update_rcuwait));
	lockstep_mn_count_repaired = 1;
	if (kvm->mn_active_invalidate_count)
		kvm->mn_active_invalidate_count = 0;
	else
		WARN_ON(kvm->mmu_invalidate_in_progress);
}

#ifdef OOM_ENTER_DEFERRED_UNREGISTER
/* Paolo's remark ("if you defer removal to some time after the OOM reaper starts"): ->oom_enter only queues the
 * detach; a worker runs it later, in a context that may sleep. (Our reading: the deferral code was not posted.) */
static void kvm_mmu_notifier_detach_work(struct work_struct *work)
{
	struct kvm *kvm = container_of(work, struct kvm, mn_detach_work);

	kvm_mmu_notifier_detach(kvm);
}
#endif

/* The seed: virt/kvm/kvm_main.c: kvm_mmu_notifier_oom_enter() */
static void kvm_mmu_notifier_oom_enter(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct kvm *kvm = mmu_notifier_to_kvm(mn);

#if defined(OOM_ENTER_SYNC_UNREGISTER)
	kvm_mmu_notifier_detach(kvm);
#elif defined(OOM_ENTER_DEFERRED_UNREGISTER)
	schedule_work(&kvm->mn_detach_work);
#elif defined(OOM_ENTER_FLAG_EARLY_RETURN)
	WRITE_ONCE(kvm->oom_reaping, true);
#endif
}
#endif /* MMU_NOTIFIER_OOM_ENTER */

#ifdef AFTER_OOM_UNREGISTER
/* v2: virt/kvm/kvm_main.c: kvm_mmu_notifier_after_oom_unregister() — "KVM clears mn_active_invalidate_count"
 * (the v2 text); taking mn_invalidate_lock and waking a memslot updater are our reading. SRCU-callback
 * context: BH disabled, no sleeping. */
static void kvm_mmu_notifier_after_oom_unregister(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct kvm *kvm = mmu_notifier_to_kvm(mn);

	mn_invalidate_lock(kvm);
	lockstep_mn_count_repaired = 1;
	kvm->mn_active_invalidate_count = 0;
	mn_invalidate_unlock(kvm);
	rcuwait_wake_up(&kvm->mn_memslots_update_rcuwait);
}
#endif

/* virt/kvm/kvm_main.c: kvm_mmu_notifier_ops */
static const struct mmu_notifier_ops kvm_mmu_notifier_ops = {
	.invalidate_range_start = kvm_mmu_notifier_invalidate_range_start,
	.invalidate_range_end = kvm_mmu_notifier_invalidate_range_end,
	.release = kvm_mmu_notifier_release,
#ifdef MMU_NOTIFIER_OOM_ENTER
	.oom_enter = kvm_mmu_notifier_oom_enter,
#endif
#ifdef AFTER_OOM_UNREGISTER
	.after_oom_unregister = kvm_mmu_notifier_after_oom_unregister,
#endif
#ifdef OOM_REAP_MAY_WAIT
	/* the fix: mn_invalidate_lock, gpc_lock, gpc->lock and mmu_lock are never held across an allocation (the
	 * MMU's memory caches are topped up before mmu_lock is taken), so a wait for them is never a wait for the
	 * task being reaped */
	.oom_reap_may_wait = true,
#endif
};

/* virt/kvm/kvm_main.c: kvm_init_mmu_notifier() */
static int kvm_init_mmu_notifier(struct kvm *kvm, struct mm_struct *mm)
{
	kvm->mmu_notifier.ops = &kvm_mmu_notifier_ops;
	return mmu_notifier_register(&kvm->mmu_notifier, mm);
}

/* virt/kvm/kvm_main.c: kvm_get_inactive_memslots() */
static struct kvm_memslots *kvm_get_inactive_memslots(struct kvm *kvm, int as_id)
{
	struct kvm_memslots *active = __kvm_memslots(kvm, as_id);
	int node_idx_inactive = active->node_idx ^ 1;

	return &kvm->__memslots[node_idx_inactive];
}

/* virt/kvm/kvm_main.c: kvm_replace_memslot() — replace @old with @new in the inactive set (one slot) */
static void kvm_replace_memslot(struct kvm *kvm, struct kvm_memory_slot *old, struct kvm_memory_slot *new)
{
	struct kvm_memslots *slots = kvm_get_inactive_memslots(kvm, 0);

	slots->hva_tree = new;
}

/* virt/kvm/kvm_main.c: kvm_swap_active_memslots() — caller holds slots_lock and slots_arch_lock (released here).
 * "Do not store the new memslots while there are invalidations in progress, otherwise the locking in
 * invalidate_range_start and invalidate_range_end will be unbalanced."
 * The waiter is published under mn_invalidate_lock and sleeps with set_current_state()/schedule(), as the
 * kernel does; invalidate_range_end()'s rcuwait_wake_up() makes it TASK_RUNNING again. */
static void kvm_swap_active_memslots(struct kvm *kvm, int as_id)
{
	struct kvm_memslots *slots = kvm_get_inactive_memslots(kvm, as_id);
	u64 gen = __kvm_memslots(kvm, as_id)->generation;

	WARN_ON(gen & KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS);
	slots->generation = gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS;

#ifdef ATOMIC_MN_COUNT
	/* Feb-11 suggestion: no lock; wait for the count to drop to zero, then publish. */
	rcuwait_wait_event(&kvm->mn_memslots_update_rcuwait, !atomic_read(&kvm->mn_active_invalidate_count),
			   TASK_UNINTERRUPTIBLE);
	rcu_assign_pointer(kvm->memslots[as_id], slots);
#else
	mn_invalidate_lock(kvm);
	prepare_to_rcuwait(&kvm->mn_memslots_update_rcuwait);
	while (kvm->mn_active_invalidate_count) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		mn_invalidate_unlock(kvm);
		schedule();
		mn_invalidate_lock(kvm);
	}
	finish_rcuwait(&kvm->mn_memslots_update_rcuwait);
	rcu_assign_pointer(kvm->memslots[as_id], slots);
	mn_invalidate_unlock(kvm);
#endif

	/* Acquired in kvm_set_memslot. Must be released before synchronize SRCU below. */
	mutex_unlock(&kvm->slots_arch_lock);

	synchronize_srcu_expedited(&kvm->srcu);

	gen = slots->generation & ~KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS;
	gen += KVM_MAX_NR_ADDRESS_SPACES;
	slots->generation = gen;
}

/* virt/kvm/kvm_main.c: kvm_copy_memslot() */
static void kvm_copy_memslot(struct kvm_memory_slot *dest, const struct kvm_memory_slot *src)
{
	dest->base_gfn = src->base_gfn;
	dest->npages = src->npages;
	dest->userspace_addr = src->userspace_addr;
	dest->flags = src->flags;
	dest->id = src->id;
	dest->as_id = src->as_id;
}

/* virt/kvm/kvm_main.c: kvm_invalidate_memslot() — activate an INVALID copy, wait for SRCU readers, zap */
static void kvm_invalidate_memslot(struct kvm *kvm, struct kvm_memory_slot *old,
				   struct kvm_memory_slot *invalid_slot)
{
	kvm_copy_memslot(invalid_slot, old);
	invalid_slot->flags |= KVM_MEMSLOT_INVALID;
	kvm_replace_memslot(kvm, old, invalid_slot);

	kvm_swap_active_memslots(kvm, old->as_id);

	/* From this point no new shadow pages pointing to a deleted, or moved, memslot will be created. */
	kvm_arch_flush_shadow_memslot(kvm, old);
	kvm_arch_guest_memory_reclaimed(kvm);

	/* Was released by kvm_swap_active_memslots(), reacquire. */
	mutex_lock(&kvm->slots_arch_lock);
}

/* virt/kvm/kvm_main.c: kvm_delete_memslot() → kvm_activate_memslot() */
static void kvm_delete_memslot(struct kvm *kvm, struct kvm_memory_slot *old, struct kvm_memory_slot *invalid_slot)
{
	/* Remove the old memslot (in the inactive memslots) by passing NULL as the new slot. */
	kvm_replace_memslot(kvm, old, NULL);
	kvm_swap_active_memslots(kvm, old->as_id);
	/* Propagate the removal to the now inactive memslots. */
	kvm_replace_memslot(kvm, invalid_slot, NULL);
}

/* virt/kvm/kvm_main.c: kvm_set_memslot() for KVM_MR_DELETE, then kvm_commit_memory_region() */
static int kvm_set_memslot_delete(struct kvm *kvm, struct kvm_memory_slot *old)
{
	struct kvm_memory_slot *invalid_slot;

	mutex_lock(&kvm->slots_arch_lock);

	invalid_slot = kzalloc(sizeof(*invalid_slot), GFP_KERNEL_ACCOUNT);
	if (!invalid_slot) {
		mutex_unlock(&kvm->slots_arch_lock);
		return -ENOMEM;
	}
	kvm_invalidate_memslot(kvm, old, invalid_slot);
	kvm_delete_memslot(kvm, old, invalid_slot);	/* releases slots_arch_lock */

	/* Free the temporary INVALID slot used for DELETE and MOVE. */
	kfree(invalid_slot);

	/* kvm_commit_memory_region(KVM_MR_DELETE): free the old memslot */
	kvm->nr_memslot_pages -= old->npages;
	kfree(old);
	return 0;
}

/* virt/kvm/kvm_main.c: kvm_set_memory_region() deleting memslot 0 (A3: KVM_SET_USER_MEMORY_REGION, size 0) */
static int kvm_vm_ioctl_delete_memslot(struct kvm *kvm)
{
	struct kvm_memory_slot *old;
	int r = 0;

	mutex_lock(&kvm->slots_lock);
	old = __kvm_memslots(kvm, 0)->hva_tree;	/* id_to_memslot() */
	if (old)
		r = kvm_set_memslot_delete(kvm, old);
	mutex_unlock(&kvm->slots_lock);
	return r;
}

/* virt/kvm/kvm_main.c: kvm_create_vm() (the parts the protocol needs) and the KVM_MR_CREATE of one memslot
 * covering [hva, hva + npages pages), done single-threaded at setup. */
static struct kvm *kvm_create_vm(struct mm_struct *mm, unsigned long hva, unsigned long npages)
{
	struct kvm *kvm = kzalloc(sizeof(struct kvm), GFP_KERNEL_ACCOUNT);
	struct kvm_memory_slot *slot;

	KVM_MMU_LOCK_INIT(kvm);
	mmgrab(mm);
	kvm->mm = mm;
	mutex_init(&kvm->slots_lock);
	mutex_init(&kvm->slots_arch_lock);
#if defined(RAW_MN_INVALIDATE_LOCK)
	raw_spin_lock_init(&kvm->mn_invalidate_lock);
#elif !defined(ATOMIC_MN_COUNT)
	spin_lock_init(&kvm->mn_invalidate_lock);
#endif
	rcuwait_init(&kvm->mn_memslots_update_rcuwait);
	INIT_LIST_HEAD(&kvm->gpc_list);
	spin_lock_init(&kvm->gpc_lock);
	init_srcu_struct(&kvm->srcu);
	atomic_set(&kvm->users_count, 1);

	kvm->__memslots[0].node_idx = 0;
	kvm->__memslots[1].node_idx = 1;
	kvm->__memslots[0].generation = 0;
	kvm->__memslots[1].generation = 0;
	rcu_assign_pointer(kvm->memslots[0], &kvm->__memslots[0]);
#ifdef OOM_ENTER_DEFERRED_UNREGISTER
	INIT_WORK(&kvm->mn_detach_work, kvm_mmu_notifier_detach_work);
#endif
#ifdef DEFER_NONBLOCK_INVALIDATE
	INIT_WORK(&kvm->mn_deferred.work, kvm_mmu_notifier_deferred_fn);
#endif

	kvm_init_mmu_notifier(kvm, mm);

	/* KVM_SET_USER_MEMORY_REGION(KVM_MR_CREATE) of slot 0, as kvm_set_memslot() leaves it */
	slot = kzalloc(sizeof(struct kvm_memory_slot), GFP_KERNEL_ACCOUNT);
	slot->base_gfn = 0;
	slot->npages = npages;
	slot->userspace_addr = hva;
	kvm->__memslots[0].hva_tree = slot;
	kvm->__memslots[1].hva_tree = slot;
	kvm->nr_memslot_pages = npages;
	return kvm;
}

/* virt/kvm/kvm_main.c: kvm_destroy_vm() (A8) — the last reference is gone, no vCPU runs */
static void kvm_destroy_vm(struct kvm *kvm)
{
	struct mm_struct *mm = kvm->mm;
	struct kvm_memory_slot *slot;
	gfn_t gfn;

#if defined(MMU_NOTIFIER_OOM_ENTER)
#ifdef OOM_ENTER_DEFERRED_UNREGISTER
	flush_work(&kvm->mn_detach_work);
#endif
	/* The seed: detach the MMU notifier (unregister + count repair), unless ->oom_enter already did. */
	kvm_mmu_notifier_detach(kvm);
#elif defined(AFTER_OOM_UNREGISTER)
	if (hlist_unhashed(&kvm->mmu_notifier.hlist)) {
		/* v2: the OOM reaper (or exit_mmap) already detached us: wait for after_oom_unregister, drop the mm
		 * reference that unregistering would have dropped. */
		mmu_notifier_barrier();
		mmdrop(kvm->mm);
	} else {
		mmu_notifier_unregister(&kvm->mmu_notifier, kvm->mm);
		WARN_ON(rcuwait_active(&kvm->mn_memslots_update_rcuwait));
		lockstep_mn_count_repaired = 1;
		if (kvm->mn_active_invalidate_count)
			kvm->mn_active_invalidate_count = 0;
		else
			WARN_ON(kvm->mmu_invalidate_in_progress);
	}
#else
	mmu_notifier_unregister(&kvm->mmu_notifier, kvm->mm);
#ifdef DEFER_NONBLOCK_INVALIDATE
	/* our completion: no deferred invalidation may run past this point (no new one can be queued now) */
	flush_work(&kvm->mn_deferred.work);
#endif
	/* At this point, pending calls to invalidate_range_start() have completed but no more MMU notifiers will
	 * run, so mn_active_invalidate_count may remain unbalanced. If the count isn't unbalanced, i.e. KVM did
	 * NOT unregister its MMU notifier between a start() and end(), then there shouldn't be any in-progress
	 * invalidations. */
	WARN_ON(rcuwait_active(&kvm->mn_memslots_update_rcuwait));
	lockstep_mn_count_repaired = 1;
#ifdef ATOMIC_MN_COUNT
	if (atomic_read(&kvm->mn_active_invalidate_count))
		atomic_set(&kvm->mn_active_invalidate_count, 0);
	else
		WARN_ON(kvm->mmu_invalidate_in_progress);
#else
	if (kvm->mn_active_invalidate_count)
		kvm->mn_active_invalidate_count = 0;
	else
		WARN_ON(kvm->mmu_invalidate_in_progress);
#endif
#endif
	/* kvm_arch_destroy_vm(): the TDP MMU roots are torn down */
	for (gfn = 0; gfn < NR_PAGES; gfn++)
		kvm->arch.spte[gfn] = NULL;
	/* kvm_free_memslots(): the slot objects are shared by both sets */
	slot = kvm->__memslots[0].hva_tree;
	if (!slot)
		slot = kvm->__memslots[1].hva_tree;
	if (slot)
		kfree(slot);
	srcu_barrier(&kvm->srcu);
	cleanup_srcu_struct(&kvm->srcu);
	lockstep_kvm_alive = 0;
	kfree(kvm);				/* kvm_arch_free_vm() */
	mmdrop(mm);
}

/* virt/kvm/kvm_main.c: kvm_vcpu_init() (KVM_CREATE_VCPU) */
static void kvm_vcpu_init(struct kvm_vcpu *vcpu, struct kvm *kvm, unsigned id)
{
	mutex_init(&vcpu->mutex);
	vcpu->kvm = kvm;
	vcpu->vcpu_id = id;
	vcpu->mode = OUTSIDE_GUEST_MODE;
}

/* virt/kvm/kvm_main.c: kvm_put_kvm() */
static void kvm_put_kvm(struct kvm *kvm)
{
	if (atomic_dec_and_test(&kvm->users_count))
		kvm_destroy_vm(kvm);
}

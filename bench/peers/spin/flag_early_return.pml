/* Peer benchmark, scenario 2: ->oom_enter only sets kvm->oom_reaping and KVM's invalidate_range_start/_end
 * return early while it is set. Same threads and steps as bench/peers/lockstep/flag_early_return.c (read its
 * header). Expected: an assertion violation (guest access to a freed page, or unbalanced counters). */
#include "common.pml"

srcu_struct srcu;               /* mm/mmu_notifier.c's global SRCU domain */
bit registered = 1;
bit oom_reaping;

inline mmu_notifier_invalidate_range_start(id) {
	srcu_read_lock(srcu, id);
	if
	:: registered ->
		if
		:: oom_reaping -> skip                      /* the proposal: return early */
		:: else -> kvm_invalidate_range_start(true)
		fi
	:: else
	fi;
	srcu_read_unlock(srcu, id)
}

inline mmu_notifier_invalidate_range_end(id) {
	srcu_read_lock(srcu, id);
	if
	:: registered ->
		if
		:: oom_reaping -> skip
		:: else -> kvm_invalidate_range_end(true)
		fi
	:: else
	fi;
	srcu_read_unlock(srcu, id)
}

proctype invalidator() {
	byte id, old;
	mmu_notifier_invalidate_range_start(id);
	unmap_and_free(old);
	mmu_notifier_invalidate_range_end(id)
}

/* __oom_reap_task_mm: the non-blockable invalidation (non_block_start/end add no state here) */
proctype oom_reaper() {
	byte id, old;
	mmu_notifier_invalidate_range_start(id);
	unmap_and_free(old);
	mmu_notifier_invalidate_range_end(id)
}

proctype vcpu() {
	byte mmu_seq, page, p;
	vcpu_fault_and_access(mmu_seq, page, p)
}

proctype oom_killer() {
	byte id;
	srcu_read_lock(srcu, id);                       /* __mmu_notifier_oom_enter */
	if
	:: registered -> oom_reaping = 1                /* ->oom_enter */
	:: else
	fi;
	srcu_read_unlock(srcu, id);
	run oom_reaper()                                /* queue_oom_reaper */
}

init {
	byte i;
	page_ref[1] = 1;
	for (i : 1 .. NR_INVALIDATIONS) { run invalidator() }
	for (i : 1 .. NR_VCPUS) { run vcpu() }
	run oom_killer();
	(_nr_pr == 1);                                  /* main waits for every thread */
	assert(mn_active_invalidate_count == 0);        /* I4 at quiescence */
	assert(mmu_invalidate_in_progress == 0)         /* I5 at quiescence */
}

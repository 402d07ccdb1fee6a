/* Peer benchmark, scenario 3: the bug-free KVM invalidate / fault / memslot protocol.
 * Same threads and steps as bench/peers/lockstep/invalidate_fault_memslot.c (read its header).
 * Expected: no assertion violation, no invalid end state. */
#include "common.pml"

#define SLOT_GONE    0
#define SLOT_INVALID 1
#define SLOT_VALID   2

byte slot_state = SLOT_VALID;
srcu_struct kvm_srcu;

proctype invalidator() {
	byte old;
	kvm_invalidate_range_start(slot_state != SLOT_GONE);
	unmap_and_free(old);
	kvm_invalidate_range_end(slot_state != SLOT_GONE)
}

proctype vcpu() {
	byte idx, mmu_seq, page, p;
	srcu_read_lock(kvm_srcu, idx);
	if
	:: slot_state != SLOT_VALID -> goto out      /* no usable memslot: no SPTE */
	:: else
	fi;
	vcpu_fault_and_access(mmu_seq, page, p);
out:
	srcu_read_unlock(kvm_srcu, idx)
}

inline kvm_swap_active_memslots(new_state, o) {
	spin_lock(mn_invalidate_lock);
	do
	:: mn_active_invalidate_count != 0 ->
		spin_unlock(mn_invalidate_lock);
		(mn_active_invalidate_count == 0);     /* rcuwait_wait_event */
		spin_lock(mn_invalidate_lock)
	:: else -> break
	od;
	slot_state = new_state;                     /* rcu_assign_pointer(kvm->memslots[as_id], slots) */
	spin_unlock(mn_invalidate_lock);
	synchronize_srcu(kvm_srcu, o)
}

proctype memslot_updater() {
	byte o;
	kvm_swap_active_memslots(SLOT_INVALID, o);
	spin_lock(mmu_lock);                        /* kvm_arch_flush_shadow_memslot */
	spte = 0;
	spin_unlock(mmu_lock);
	kvm_swap_active_memslots(SLOT_GONE, o)
}

init {
	byte i;
	page_ref[1] = 1;
	for (i : 1 .. NR_INVALIDATIONS) { run invalidator() }
	for (i : 1 .. NR_VCPUS) { run vcpu() }
	run memslot_updater();
	(_nr_pr == 1);                              /* main waits for every thread */
	assert(mn_active_invalidate_count == 0);    /* I4 at quiescence */
	assert(mmu_invalidate_in_progress == 0)     /* I5 at quiescence */
}

/* Peer benchmark, scenario 1: the seed's SRCU self-deadlock.
 * Same threads and steps as bench/peers/lockstep/srcu_self_deadlock.c (read its header): the OOM killer's
 * mmu_notifier_oom_enter walks the subscribers under srcu_read_lock(&srcu) and KVM's ->oom_enter
 * (kvm_mmu_notifier_detach) calls mmu_notifier_unregister, whose synchronize_srcu(&srcu) waits for that
 * very read section. SPIN has no lockdep: it finds the real hang as an invalid end state. */
#include "common.pml"

srcu_struct srcu;               /* mm/mmu_notifier.c's global SRCU domain */
bit registered = 1;             /* !hlist_unhashed(&kvm->mmu_notifier.hlist) */
bit subscriptions_lock;
bit mn_killed;

inline mmu_notifier_invalidate_range_start(id) {
	srcu_read_lock(srcu, id);
	if
	:: registered -> kvm_invalidate_range_start(true)
	:: else
	fi;
	srcu_read_unlock(srcu, id)
}

inline mmu_notifier_invalidate_range_end(id) {
	srcu_read_lock(srcu, id);
	if
	:: registered -> kvm_invalidate_range_end(true)
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

proctype vcpu() {
	byte mmu_seq, page, p;
	vcpu_fault_and_access(mmu_seq, page, p)
}

proctype oom_killer() {
	byte id, id2, o;
	bit was;
	srcu_read_lock(srcu, id);                       /* __mmu_notifier_oom_enter */
	if
	:: registered ->                                /* ->oom_enter = kvm_mmu_notifier_detach */
		atomic { was = mn_killed; mn_killed = 1 };  /* xchg */
		if
		:: was -> goto done
		:: else
		fi;
		if                                          /* mmu_notifier_unregister */
		:: registered ->
			srcu_read_lock(srcu, id2);
			spin_lock(mmu_lock);                    /* ->release: kvm_flush_shadow_all */
			spte = 0;
			spin_unlock(mmu_lock);
			srcu_read_unlock(srcu, id2);
			spin_lock(subscriptions_lock);
			registered = 0;                         /* hlist_del_init_rcu */
			spin_unlock(subscriptions_lock)
		:: else
		fi;
		synchronize_srcu(srcu, o);                  /* waits for our own read section: never returns */
		if
		:: mn_active_invalidate_count != 0 -> mn_active_invalidate_count = 0
		:: else -> assert(mmu_invalidate_in_progress == 0)   /* WARN_ON */
		fi
	:: else
	fi;
done:
	srcu_read_unlock(srcu, id)
}

init {
	byte i;
	page_ref[1] = 1;
	for (i : 1 .. NR_INVALIDATIONS) { run invalidator() }
	for (i : 1 .. NR_VCPUS) { run vcpu() }
	run oom_killer();
	(_nr_pr == 1)                                   /* main waits for every thread */
}

/* Shared Promela definitions of the peer benchmark (bench/peers/spin/*.pml), written to match the Lockstep
 * models in bench/peers/lockstep/ statement for statement:
 *   spinlock_t   -> a bit, taken with a blocking test-and-set
 *   SRCU         -> two reader counters; a grace period flips the index and waits for the old index's readers
 *                   to drain (as Lockstep models SRCU)
 *   struct page  -> an id 1..NPAGES-1 with a reference count, freed when the count reaches 0
 * Each load, store or lock operation that Lockstep treats as a visible operation is one Promela statement. */

#ifndef NR_VCPUS
#define NR_VCPUS 1
#endif
#ifndef NR_INVALIDATIONS
#define NR_INVALIDATIONS 1
#endif
#define NPAGES (NR_INVALIDATIONS + 2)

inline spin_lock(l)   { atomic { (l == 0) -> l = 1 } }
inline spin_unlock(l) { l = 0 }

typedef srcu_struct { byte idx; byte readers[2] };
inline srcu_read_lock(s, i)   { atomic { i = s.idx; s.readers[i]++ } }
inline srcu_read_unlock(s, i) { s.readers[i]-- }
inline synchronize_srcu(s, o) { atomic { o = s.idx; s.idx = 1 - o }; (s.readers[o] == 0) }

/* struct kvm, struct mm */
bit  mn_invalidate_lock;
byte mn_active_invalidate_count;
bit  mmu_lock;
byte mmu_invalidate_in_progress;
byte mmu_invalidate_seq;
byte spte;                      /* page id of the secondary mapping, 0 = none */
bit  ptl;
byte pte = 1;                   /* page id of the primary mapping, 0 = none; page 1 exists at start */
byte page_ref[NPAGES];
byte next_page = 2;

#define page_freed(p) ((p) < next_page && page_ref[p] == 0)

/* GUP: fault the page in if it is not mapped, take a reference */
inline hva_to_pfn(page) {
	spin_lock(ptl);
	page = pte;
	if
	:: page == 0 -> atomic { page = next_page; next_page++; page_ref[page] = 1 }; pte = page
	:: else
	fi;
	page_ref[page]++;
	spin_unlock(ptl)
}

/* the primary unmap: clear the PTE under the PTL, drop the mapping's reference (the page is freed at zero) */
inline unmap_and_free(old) {
	spin_lock(ptl);
	old = pte;
	pte = 0;
	spin_unlock(ptl);
	if
	:: old != 0 -> page_ref[old]--
	:: else
	fi
}

/* the vCPU fault with the sequence recheck, then one guest access through the SPTE (under mmu_lock: the zap's
 * remote TLB flush waits for the vCPU to leave guest mode) */
inline vcpu_fault_and_access(mmu_seq, page, p) {
	do
	:: mmu_seq = mmu_invalidate_seq;
		hva_to_pfn(page);
		spin_lock(mmu_lock);
		if
		:: mmu_invalidate_in_progress != 0 || mmu_invalidate_seq != mmu_seq ->
			spin_unlock(mmu_lock); page_ref[page]--     /* is_page_fault_stale: retry */
		:: else -> break
		fi
	od;
	spte = page;
	spin_unlock(mmu_lock);
	page_ref[page]--;
	spin_lock(mmu_lock);
	p = spte;
	if
	:: p != 0 -> assert(!page_freed(p))   /* use-after-free: guest access to a freed page */
	:: else
	fi;
	spin_unlock(mmu_lock)
}

/* KVM's invalidate_range_start / _end; hit: the range overlaps a memslot */
inline kvm_invalidate_range_start(hit) {
	spin_lock(mn_invalidate_lock);
	mn_active_invalidate_count++;
	spin_unlock(mn_invalidate_lock);
	if
	:: hit ->
		spin_lock(mmu_lock);
		mmu_invalidate_in_progress++;
		spte = 0;
		spin_unlock(mmu_lock)
	:: else
	fi
}

inline kvm_invalidate_range_end(hit) {
	if
	:: hit ->
		spin_lock(mmu_lock);
		mmu_invalidate_seq++;
		mmu_invalidate_in_progress--;
		spin_unlock(mmu_lock)
	:: else
	fi;
	spin_lock(mn_invalidate_lock);
	assert(mn_active_invalidate_count > 0);   /* WARN_ON_ONCE(!mn_active_invalidate_count) */
	mn_active_invalidate_count--;
	spin_unlock(mn_invalidate_lock)
}

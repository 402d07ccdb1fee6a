/* include/linux/mm_types.h (and the MMF_* bits of include/linux/sched/coredump.h) — a minimal mm_struct.
 *
 * Model simplifications (see docs/seed.md):
 *  - one anonymous private VMA per mm, whose page table is a fixed array of NR_PAGES page pointers
 *    (mm->pte[i] is "the PTE" of the i-th page of the VMA; NULL = not present);
 *  - mm->page_table_lock is the PTL of that page table (split PTLs collapse to one);
 *  - no rmap locks, so mm_take_all_locks() is not modelled. */
#pragma once
#include <lockstep/kernel.h>

#ifndef NR_PAGES
#define NR_PAGES 1
#endif

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)

/* include/linux/mm_types.h (v6.x numbering; older trees: sched/coredump.h) */
#define MMF_OOM_SKIP 21		/* mm is of no interest for the OOM killer */
#define MMF_UNSTABLE 22		/* mm is unstable for copy_from_user */
#define MMF_OOM_REAP_QUEUED 25	/* mm was queued for oom_reaper */

/* include/linux/mm.h */
#define VM_SHARED 0x00000008UL
#define VM_PFNMAP 0x00000400UL
#define VM_HUGETLB 0x00400000UL

struct mm_struct;
struct mmu_notifier_subscriptions;

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	struct mm_struct *vm_mm;
	struct vm_area_struct *vm_next;	/* the pre-maple-tree VMA list; one VMA here */
	void *anon_vma;			/* non-NULL: anonymous VMA */
};

struct mm_struct {
	struct vm_area_struct *mmap;	/* list of VMAs (one) */
	atomic_t mm_users;		/* address-space users (threads) */
	atomic_t mm_count;		/* struct mm_struct references (mmgrab/mmdrop) */
	struct rw_semaphore mmap_lock;
	spinlock_t page_table_lock;	/* the PTL of the one page table */
	unsigned long flags;		/* MMF_* bits */
	struct mmu_notifier_subscriptions *notifier_subscriptions;
	struct vm_area_struct __vma;	/* storage of the one VMA */
	struct page *pte[NR_PAGES];	/* model: the PTEs of the one VMA */
};

static inline int vma_is_anonymous(struct vm_area_struct *vma)
{
	return vma->anon_vma != NULL;
}

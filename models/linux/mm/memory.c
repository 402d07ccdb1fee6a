/* mm/memory.c and mm/mmu_gather.c — unmapping the primary page table, with the mmu_gather batch that frees the
 * pages once the TLB has been flushed. Model: the one VMA's page table is mm->pte[]; the PTL is
 * mm->page_table_lock; the TLB flush of the primary MMU is implied by tlb_finish_mmu(). */
#include <linux/mm_types.h>
#include <linux/mmu_notifier.h>

/* include/asm-generic/tlb.h: struct mmu_gather (a batch big enough for the whole VMA) */
struct mmu_gather {
	struct mm_struct *mm;
	struct page *pages[NR_PAGES];
	int nr;
};

/* mm/mmu_gather.c: tlb_gather_mmu() */
static void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->nr = 0;
}

/* mm/mmu_gather.c: tlb_finish_mmu() — flush the TLB, then free the batched pages (drop the reference the
 * page table held; a page is freed when no GUP pin is left). */
static void tlb_finish_mmu(struct mmu_gather *tlb)
{
	int i;

	for (i = 0; i < tlb->nr; i++)
		put_page(tlb->pages[i]);
	tlb->nr = 0;
}

/* mm/memory.c: unmap_page_range() → zap_pte_range(): clear the PTEs of [addr, end) under the PTL and batch
 * the pages for freeing. */
static void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
			     unsigned long addr, unsigned long end, void *details)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long i;
	struct page *page;

	spin_lock(&mm->page_table_lock);
	for (i = (addr - vma->vm_start) >> PAGE_SHIFT; i < (end - vma->vm_start) >> PAGE_SHIFT; i++) {
		page = mm->pte[i];
		if (!page)
			continue;
		WRITE_ONCE(mm->pte[i], NULL);
		tlb->pages[tlb->nr] = page;
		tlb->nr++;
	}
	spin_unlock(&mm->page_table_lock);
}

/* mm/memory.c: zap_page_range_single() — e.g. madvise(MADV_DONTNEED) of one page (A4, blockable).
 * Caller holds mmap_lock for read. */
static void zap_page_range_single(struct vm_area_struct *vma, unsigned long address, unsigned long size)
{
	struct mmu_notifier_range range;
	struct mmu_gather tlb;

	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma->vm_mm, address, address + size);
	tlb_gather_mmu(&tlb, vma->vm_mm);
	mmu_notifier_invalidate_range_start(&range);
	unmap_page_range(&tlb, vma, range.start, range.end, NULL);
	mmu_notifier_invalidate_range_end(&range);
	tlb_finish_mmu(&tlb);
}

/* mm/memory.c: unmap_vmas() — exit_mmap()'s blockable invalidation of the whole address space */
static void unmap_vmas(struct mmu_gather *tlb, struct vm_area_struct *vma, unsigned long start_addr,
		       unsigned long end_addr)
{
	struct mmu_notifier_range range;

	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, vma->vm_mm, start_addr, end_addr);
	mmu_notifier_invalidate_range_start(&range);
	for (; vma; vma = vma->vm_next)
		unmap_page_range(tlb, vma, vma->vm_start, vma->vm_end, NULL);
	mmu_notifier_invalidate_range_end(&range);
}

/* mm/memory.c: check_stable_address_space() — an OOM-reaped mm must not fault in new pages */
static int check_stable_address_space(struct mm_struct *mm)
{
	return test_bit(MMF_UNSTABLE, &mm->flags);
}

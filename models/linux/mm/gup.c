/* mm/gup.c — get_user_pages_unlocked() for one page, as KVM's hva_to_pfn() uses it (abstract GUP).
 * Model: look the PTE up under mmap_lock (read) and the PTL and take a page reference; if it is not present,
 * fault a new anonymous page in (do_anonymous_page(), which fails with VM_FAULT_SIGBUS once the OOM reaper
 * marked the mm MMF_UNSTABLE). Not modelled: COW (a GUP that is itself an invalidator) and fatal-signal
 * short-cuts. */
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>

/* mm/gup.c: get_user_pages_unlocked() (one page, FOLL_WRITE) */
static long get_user_pages_unlocked(struct mm_struct *mm, unsigned long hva, struct page **pagep)
{
	struct vm_area_struct *vma;
	struct page *page;
	struct page *new_page;
	unsigned long idx;
	long ret = 1;

	mmap_read_lock(mm);
	vma = mm->mmap;
	idx = (hva - vma->vm_start) >> PAGE_SHIFT;

	spin_lock(&mm->page_table_lock);
	page = mm->pte[idx];
	if (page)
		get_page(page);
	spin_unlock(&mm->page_table_lock);

	if (!page) {
		/* mm/memory.c: handle_mm_fault() → do_anonymous_page() */
		if (check_stable_address_space(mm)) {
			ret = -EFAULT;
			goto out;
		}
		new_page = alloc_page(GFP_KERNEL);	/* vma_alloc_folio(GFP_HIGHUSER_MOVABLE) */
		if (!new_page) {
			/* VM_FAULT_OOM: an OOM victim's allocation may fail (mm/page_alloc.c) */
			ret = -ENOMEM;
			goto out;
		}
		spin_lock(&mm->page_table_lock);
		if (!mm->pte[idx]) {
			WRITE_ONCE(mm->pte[idx], new_page);	/* the page table's reference */
			new_page = NULL;
		}
		page = mm->pte[idx];
		get_page(page);				/* the GUP reference */
		spin_unlock(&mm->page_table_lock);
		if (new_page)
			put_page(new_page);
	}
	*pagep = page;
out:
	mmap_read_unlock(mm);
	return ret;
}

/* mm/mmap.c — exit_mmap() (A7), modelled on the ~v6.19 linux-next copy. */
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>
#include <linux/mmu_notifier.h>

/* mm/mmap.c: exit_mmap() — the mm's last user has gone */
static void exit_mmap(struct mm_struct *mm)
{
	struct mmu_gather tlb;
	struct vm_area_struct *vma;

	/* mm's last user has gone, and its about to be pulled down */
	mmu_notifier_release(mm);

	mmap_read_lock(mm);
	vma = mm->mmap;
	tlb_gather_mmu(&tlb, mm);
	unmap_vmas(&tlb, vma, 0, ~0UL);
	mmap_read_unlock(mm);

	/* Set MMF_OOM_SKIP to hide this task from the oom killer/reaper because the memory has been already freed. */
	set_bit(MMF_OOM_SKIP, &mm->flags);
	mmap_write_lock(mm);
	/* free_pgtables() */
	tlb_finish_mmu(&tlb);
	mmap_write_unlock(mm);
}

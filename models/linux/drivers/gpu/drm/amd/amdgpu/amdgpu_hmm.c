/* drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c (+ amdgpu_cs.c, amdgpu_ttm.c) — a userptr BO: an interval-only subscriber
 * whose ->invalidate refuses every non-blockable range, and the command submission that validates the BO's pages
 * (mmu_interval_read_begin, hmm_range_fault, then mmu_interval_read_retry under adev->notifier_lock). Model: the
 * GPU's use of the BO's page is adev->gpu_page (the device's page table, which outlives the BO); waiting for the BO's
 * fences in ->invalidate (dma_resv_wait_timeout) is the GPU letting go of it. The BO is a heap object, freed after
 * amdgpu_hmm_unregister() (amdgpu_bo_destroy). */
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>
#include <linux/mmu_notifier.h>

/* drivers/gpu/drm/amd/amdgpu/amdgpu.h: the device's notifier_lock */
struct amdgpu_device {
	struct mutex notifier_lock;
	struct page *gpu_page;	/* model: the page the GPU uses through the userptr BO */
};

/* drivers/gpu/drm/amd/amdgpu/amdgpu_object.h: struct amdgpu_bo (the userptr parts) */
struct amdgpu_bo {
	struct amdgpu_device *adev;
	struct mmu_interval_notifier notifier;
};

/* drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c: amdgpu_hmm_invalidate_gfx() */
static bool amdgpu_hmm_invalidate_gfx(struct mmu_interval_notifier *mni, const struct mmu_notifier_range *range,
				      unsigned long cur_seq)
{
	struct amdgpu_bo *bo = container_of(mni, struct amdgpu_bo, notifier);
	struct amdgpu_device *adev = bo->adev;

	if (!mmu_notifier_range_blockable(range))
		return false;

	mutex_lock(&adev->notifier_lock);
	mmu_interval_set_seq(mni, cur_seq);
	WRITE_ONCE(adev->gpu_page, NULL);	/* dma_resv_wait_timeout(): the GPU is done with the pages */
	mutex_unlock(&adev->notifier_lock);
	return true;
}

static const struct mmu_interval_notifier_ops amdgpu_hmm_gfx_ops = {
	.invalidate = amdgpu_hmm_invalidate_gfx,
};

/* drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c: amdgpu_hmm_register() — at AMDGPU_GEM_USERPTR creation */
static int amdgpu_hmm_register(struct amdgpu_bo *bo, struct mm_struct *mm, unsigned long addr)
{
	return mmu_interval_notifier_insert(&bo->notifier, mm, addr, PAGE_SIZE, &amdgpu_hmm_gfx_ops);
}

/* drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c: amdgpu_hmm_unregister() — when the BO is freed, which waits for it to be
 * idle: the GPU is done with its pages */
static void amdgpu_hmm_unregister(struct amdgpu_bo *bo)
{
	WRITE_ONCE(bo->adev->gpu_page, NULL);
	mmu_interval_notifier_remove(&bo->notifier);
}

/* drivers/gpu/drm/amd/amdgpu/amdgpu_cs.c: amdgpu_cs_parser_bos() → amdgpu_ttm_tt_get_user_pages() →
 * amdgpu_hmm_range_get_pages(), then amdgpu_cs_submit(): under notifier_lock, amdgpu_ttm_tt_get_user_pages_done()
 * says whether an invalidation collided (-EAGAIN: userspace resubmits; the model resubmits once). */
static int amdgpu_cs_submit_userptr(struct amdgpu_bo *bo, struct mm_struct *mm, unsigned long addr)
{
	struct amdgpu_device *adev = bo->adev;
	unsigned long notifier_seq;
	struct page *page;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		notifier_seq = mmu_interval_read_begin(&bo->notifier);
		mmap_read_lock(mm);
		page = READ_ONCE(mm->pte[(addr - mm->mmap->vm_start) >> PAGE_SHIFT]);	/* hmm_range_fault() */
		mmap_read_unlock(mm);
		if (!page)
			return -EFAULT;

		mutex_lock(&adev->notifier_lock);
		if (mmu_interval_read_retry(&bo->notifier, notifier_seq)) {
			mutex_unlock(&adev->notifier_lock);
			continue;
		}
		WRITE_ONCE(adev->gpu_page, page);	/* the job runs on the validated pages */
		mutex_unlock(&adev->notifier_lock);
		return 0;
	}
	return -EAGAIN;
}

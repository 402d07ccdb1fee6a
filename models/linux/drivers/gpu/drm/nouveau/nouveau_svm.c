/* drivers/gpu/drm/nouveau/nouveau_svm.c — nouveau SVM's two subscriptions on one mm (v5.6+ shape): the classic
 * notifier of the SVMM, whose start refuses a non-blockable range and otherwise clears the GPU's mappings, and the
 * interval notifier the GPU fault worker inserts per fault, whose ->invalidate only moves the sequence (taking
 * svmm->mutex, or only trying to for a non-blockable range). Model: the GPU's page table is svmm->gpu_page (the page
 * the GPU maps at the one faulting address, NULL for none); hmm_range_fault() reads the CPU PTE. */
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>
#include <linux/mmu_notifier.h>

/* drivers/gpu/drm/nouveau/nouveau_svm.c: struct nouveau_svmm (the parts the notifiers use) */
struct nouveau_svmm {
	struct mmu_notifier notifier;
	struct mutex mutex;
	struct page *gpu_page;	/* model: the GPU's mapping of the faulting address */
};

/* drivers/gpu/drm/nouveau/nouveau_svm.c: struct svm_notifier */
struct svm_notifier {
	struct mmu_interval_notifier notifier;
	struct nouveau_svmm *svmm;
};

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_svmm_invalidate() — NVIF_VMM_V0_PFNCLR of the range */
static void nouveau_svmm_invalidate(struct nouveau_svmm *svmm, u64 start, u64 limit)
{
	if (limit > start)
		WRITE_ONCE(svmm->gpu_page, NULL);
}

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_svmm_invalidate_range_start() — the classic notifier */
static int nouveau_svmm_invalidate_range_start(struct mmu_notifier *mn, const struct mmu_notifier_range *update)
{
	struct nouveau_svmm *svmm = container_of(mn, struct nouveau_svmm, notifier);

	if (!mmu_notifier_range_blockable(update))
		return -EAGAIN;

	mutex_lock(&svmm->mutex);
	nouveau_svmm_invalidate(svmm, update->start, update->end);
	mutex_unlock(&svmm->mutex);
	return 0;
}

static const struct mmu_notifier_ops nouveau_mn_ops = {
	.invalidate_range_start = nouveau_svmm_invalidate_range_start,
};

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_svm_range_invalidate() — the per-fault interval notifier. "This is
 * very hacky and only works because the normal notifier that does invalidation is always called after the range
 * notifier." */
static bool nouveau_svm_range_invalidate(struct mmu_interval_notifier *mni, const struct mmu_notifier_range *range,
					 unsigned long cur_seq)
{
	struct svm_notifier *sn = container_of(mni, struct svm_notifier, notifier);

	if (mmu_notifier_range_blockable(range))
		mutex_lock(&sn->svmm->mutex);
	else if (!mutex_trylock(&sn->svmm->mutex))
		return false;
	mmu_interval_set_seq(mni, cur_seq);
	mutex_unlock(&sn->svmm->mutex);
	return true;
}

static const struct mmu_interval_notifier_ops nouveau_svm_mni_ops = {
	.invalidate = nouveau_svm_range_invalidate,
};

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_range_fault() — insert an interval notifier over the faulting page,
 * read_begin, fault the CPU page (hmm_range_fault under mmap_read_lock), and program the GPU under svmm->mutex
 * unless an invalidation collided; remove the notifier afterwards. The kernel retries until
 * HMM_RANGE_DEFAULT_TIMEOUT; the model retries once. */
static int nouveau_range_fault(struct nouveau_svmm *svmm, struct mm_struct *mm, unsigned long start)
{
	struct svm_notifier notifier;
	unsigned long notifier_seq;
	struct page *page;
	int tries = 0;
	int ret;

	notifier.svmm = svmm;
	ret = mmu_interval_notifier_insert(&notifier.notifier, mm, start, PAGE_SIZE, &nouveau_svm_mni_ops);
	if (ret)
		return ret;

	while (true) {
		notifier_seq = mmu_interval_read_begin(&notifier.notifier);
		mmap_read_lock(mm);
		page = READ_ONCE(mm->pte[(start - mm->mmap->vm_start) >> PAGE_SHIFT]);	/* hmm_range_fault() */
		mmap_read_unlock(mm);
		if (!page) {
			ret = -EFAULT;
			goto out;
		}

		mutex_lock(&svmm->mutex);
		if (mmu_interval_read_retry(&notifier.notifier, notifier_seq)) {
			mutex_unlock(&svmm->mutex);
			if (++tries > 1) {
				ret = -EBUSY;
				goto out;
			}
			continue;
		}
		break;
	}
	WRITE_ONCE(svmm->gpu_page, page);	/* nouveau_pfns_map() */
	mutex_unlock(&svmm->mutex);
out:
	mmu_interval_notifier_remove(&notifier.notifier);
	return ret;
}

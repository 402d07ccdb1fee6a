/*
 * nouveau_svm_oom.c — the notifier core's two kinds of subscriber on one mm, as nouveau SVM has them
 * (drivers/gpu/drm/nouveau/nouveau_svm.c): a classic notifier whose start refuses a non-blockable range
 * (nouveau_svmm_invalidate_range_start → -EAGAIN), and the interval notifier its GPU fault worker inserts per fault
 * (nouveau_range_fault: mmu_interval_notifier_insert, mmu_interval_read_begin/retry under svmm->mutex,
 * mmu_interval_notifier_remove), against the OOM reaper's non-blockable invalidation (mm/oom_kill.c:
 * __oom_reap_task_mm → mmu_notifier_invalidate_range_start_nonblock).
 * Finding and fix: docs/findings/itree-hlist-unwind.md. Fix variant: -D MN_ITREE_END_ON_HLIST_FAILURE.
 *
 * Actors: the oom_reaper kthread's attempt(s) on the victim's mm (OOM_REAP_ATTEMPTS, default 1) and the GPU fault
 * worker (GPU_FAULTS, default 1). Starting state: the process has used SVM before — nouveau_svmm_init() registered
 * the classic notifier and an earlier fault registered the mm for interval notifiers (has_itree, which never goes
 * back to false); no interval notifier is in the tree (the earlier fault removed its own).
 */
#include <lockstep/kernel.h>
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>
#include <linux/sched_mm.h>
#include <linux/mmu_notifier.h>

#define WITH_ITREE 1
#ifndef OOM_REAP_ATTEMPTS
#define OOM_REAP_ATTEMPTS 1
#endif
#ifndef GPU_FAULTS
#define GPU_FAULTS 1
#endif
#define SVM_HVA_BASE 0x7f0000000000UL

/* mm/mmap.c: __mmdrop() — the mm's last reference; its memory is not modelled further */
static void __mmdrop(struct mm_struct *mm)
{
}

#include "mm/mmu_notifier.c"

/* drivers/gpu/drm/nouveau/nouveau_svm.c: struct nouveau_svmm (the parts the notifiers use) */
struct nouveau_svmm {
	struct mmu_notifier notifier;
	struct mutex mutex;
	int gpu_ptes;	/* model: GPU mappings of the range, set by a fault, cleared by an invalidation */
};

/* drivers/gpu/drm/nouveau/nouveau_svm.c: struct svm_notifier */
struct svm_notifier {
	struct mmu_interval_notifier notifier;
	struct nouveau_svmm *svmm;
};

static struct mm_struct *svm_mm;
static struct nouveau_svmm svmm;
static DECLARE_COMPLETION(reaper_done);
static DECLARE_COMPLETION(faults_done);

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_svmm_invalidate_range_start() — the classic notifier: refuses a
 * non-blockable range, else clears the GPU's mappings under svmm->mutex */
static int nouveau_svmm_invalidate_range_start(struct mmu_notifier *mn, const struct mmu_notifier_range *update)
{
	struct nouveau_svmm *s = container_of(mn, struct nouveau_svmm, notifier);

	if (!mmu_notifier_range_blockable(update))
		return -EAGAIN;

	mutex_lock(&s->mutex);
	s->gpu_ptes = 0;	/* nouveau_svmm_invalidate() */
	mutex_unlock(&s->mutex);
	return 0;
}

static const struct mmu_notifier_ops nouveau_mn_ops = {
	.invalidate_range_start = nouveau_svmm_invalidate_range_start,
};

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_svm_range_invalidate() — the per-fault interval notifier: takes
 * svmm->mutex, or only tries to for a non-blockable range and refuses when it is contended */
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

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_range_fault() — from the fault worker (nouveau_svm_fault, which
 * holds an mm_users reference): insert an interval notifier over the faulting page, read_begin, fault the CPU pages
 * (hmm_range_fault, abstracted), and program the GPU under svmm->mutex unless an invalidation collided; then remove
 * the notifier */
static int nouveau_range_fault(struct nouveau_svmm *s, struct mm_struct *mm, unsigned long start)
{
	struct svm_notifier notifier;
	unsigned long notifier_seq;
	int tries = 0;
	int ret;

	notifier.svmm = s;
	ret = mmu_interval_notifier_insert(&notifier.notifier, mm, start, PAGE_SIZE, &nouveau_svm_mni_ops);
	if (ret)
		return ret;

	while (true) {
		notifier_seq = mmu_interval_read_begin(&notifier.notifier);
		mmap_read_lock(mm);
		/* hmm_range_fault(): the CPU PTEs are read here */
		mmap_read_unlock(mm);

		mutex_lock(&s->mutex);
		if (mmu_interval_read_retry(&notifier.notifier, notifier_seq)) {
			mutex_unlock(&s->mutex);
			if (++tries > 1)	/* the kernel retries until HMM_RANGE_DEFAULT_TIMEOUT */
				goto out;
			continue;
		}
		break;
	}
	s->gpu_ptes = 1;	/* nouveau_pfns_map() */
	mutex_unlock(&s->mutex);
out:
	mmu_interval_notifier_remove(&notifier.notifier);
	return 0;
}

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_svm_fault() — the fault buffer's work item */
static int gpu_fault_worker(void *data)
{
	int i;

	for (i = 0; i < GPU_FAULTS; i++)
		nouveau_range_fault(&svmm, svm_mm, SVM_HVA_BASE);
	complete(&faults_done);
	return 0;
}

/* mm/oom_kill.c: oom_reaper → oom_reap_task → oom_reap_task_mm → __oom_reap_task_mm on the victim's one VMA: a
 * non-blockable invalidation; if a notifier refuses, the VMA is skipped ("continue") and no _end() is called */
static int oom_reaper_thread(void *data)
{
	struct mm_struct *mm = svm_mm;
	struct mmu_notifier_range range;
	int attempt;

	for (attempt = 0; attempt < OOM_REAP_ATTEMPTS; attempt++) {
		mmap_read_lock(mm);
		mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, mm->mmap->vm_start, mm->mmap->vm_end);
		if (!mmu_notifier_invalidate_range_start_nonblock(&range)) {
			/* unmap_page_range() */
			mmu_notifier_invalidate_range_end(&range);
		}
		mmap_read_unlock(mm);
	}
	complete(&reaper_done);
	return 0;
}

int main(void)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	struct mmu_notifier_subscriptions *subscriptions;

	mm = kzalloc(sizeof(struct mm_struct), GFP_KERNEL);
	mmap_init_lock(mm);
	spin_lock_init(&mm->page_table_lock);
	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);
	vma = &mm->__vma;
	vma->vm_start = SVM_HVA_BASE;
	vma->vm_end = SVM_HVA_BASE + NR_PAGES * PAGE_SIZE;
	vma->vm_mm = mm;
	vma->anon_vma = vma;
	mm->mmap = vma;
	svm_mm = mm;

	/* nouveau_svmm_init(): the classic notifier; an earlier fault's mmu_interval_notifier_insert(): has_itree */
	mutex_init(&svmm.mutex);
	svmm.notifier.ops = &nouveau_mn_ops;
	mmu_notifier_register(&svmm.notifier, mm);
	mmap_write_lock(mm);
	__mmu_notifier_register(NULL, mm);
	mmap_write_unlock(mm);

	kthread_run(oom_reaper_thread, NULL, "oom_reaper");
	kthread_run(gpu_fault_worker, NULL, "kworker/u8:1");
	wait_for_completion(&reaper_done);
	wait_for_completion(&faults_done);

	/* quiescence: no invalidation in flight, so none may be counted and the sequence must be even */
	subscriptions = mm->notifier_subscriptions;
	spin_lock(&subscriptions->lock);
	WARN_ON(subscriptions->active_invalidate_ranges != 0 || (subscriptions->invalidate_seq & 1));
	spin_unlock(&subscriptions->lock);
	return 0;
}

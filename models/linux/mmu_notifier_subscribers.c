/*
 * mmu_notifier_subscribers.c — the MMU-notifier core (mm/mmu_notifier.c) with both kinds of subscriber on one mm:
 * classic hlist notifiers and interval-tree notifiers, in the shapes drivers write them, against every kind of caller:
 * the OOM reaper's and process_mrelease()'s non-blockable invalidation, madvise's blockable one, and exit_mmap()'s
 * release. Findings and fixes: docs/findings/notifier-core.md (-D MN_ITREE_FIXED: both fixes of the core; with KVM, the
 * seed's fix -D OOM_REAP_MAY_WAIT as well, and the seed's other variants of kvm_main.c apply as in kvm_oom.c).
 *
 * Subscribers (-D WITH_X=0/1):
 *   WITH_NOUVEAU (1)   nouveau SVM: a classic notifier that refuses non-blockable ranges, and the GPU fault worker's
 *                      per-fault interval notifier (trylock for non-blockable ranges), inserted and removed per fault
 *   WITH_AMDGPU  (0)   an amdgpu userptr BO: an interval notifier that refuses every non-blockable range, and a
 *                      command submission that validates the BO's page (read_begin / read_retry)
 *   WITH_KVM     (0)   a VM of the process (a VMM rendering for its guest on the host GPU): KVM's classic notifier
 *                      (virt/kvm/kvm_main.c, the same model as kvm_oom.c, with its -D variants), one memslot over the
 *                      page, its SPTE and the vCPU's kvmclock pfn cache; WITH_KVM_VCPU (= WITH_KVM) adds the vCPU
 *                      thread (guest entries, EPT-violation faults, the kvmclock update)
 * Callers:
 *   WITH_OOM_REAPER (1)  the oom_reaper kthread's attempts (OOM_REAP_ATTEMPTS, 1) at __oom_reap_task_mm()
 *   WITH_MRELEASE   (0)  a userspace OOM daemon's process_mrelease() — the same __oom_reap_task_mm(), blocking lock
 *   WITH_MADVISE    (0)  another thread's madvise(MADV_DONTNEED) of the page (blockable)
 *   WITH_EXIT       (0)  the process's last thread exits: mmput() → exit_mmap() → mmu_notifier_release()
 * Actor groups (lockstep matrix --list-groups; scripts/notifier-groups.sh runs each):
 *   lockstep-group: nouveau+reaper quick WITH_KVM=0 WITH_NOUVEAU=1 WITH_AMDGPU=0 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=0
 *   lockstep-group: nouveau+reaper+madvise WITH_KVM=0 WITH_NOUVEAU=1 WITH_AMDGPU=0 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=1 WITH_EXIT=0
 *   lockstep-group: nouveau+reaper+exit WITH_KVM=0 WITH_NOUVEAU=1 WITH_AMDGPU=0 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=1
 *   lockstep-group: nouveau+reaper+mrelease WITH_KVM=0 WITH_NOUVEAU=1 WITH_AMDGPU=0 WITH_OOM_REAPER=1 WITH_MRELEASE=1 WITH_MADVISE=0 WITH_EXIT=0
 *   lockstep-group: nouveau+amdgpu+reaper WITH_KVM=0 WITH_NOUVEAU=1 WITH_AMDGPU=1 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=0
 *   lockstep-group: amdgpu+reaper quick WITH_KVM=0 WITH_NOUVEAU=0 WITH_AMDGPU=1 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=0
 *   lockstep-group: amdgpu+reaper+madvise WITH_KVM=0 WITH_NOUVEAU=0 WITH_AMDGPU=1 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=1 WITH_EXIT=0
 *   lockstep-group: amdgpu+reaper+exit quick WITH_KVM=0 WITH_NOUVEAU=0 WITH_AMDGPU=1 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=1
 *   lockstep-group: amdgpu+reaper+mrelease WITH_KVM=0 WITH_NOUVEAU=0 WITH_AMDGPU=1 WITH_OOM_REAPER=1 WITH_MRELEASE=1 WITH_MADVISE=0 WITH_EXIT=0
 *   lockstep-group: amdgpu+madvise quick WITH_KVM=0 WITH_NOUVEAU=0 WITH_AMDGPU=1 WITH_OOM_REAPER=0 WITH_MRELEASE=0 WITH_MADVISE=1 WITH_EXIT=0
 *   lockstep-group: kvm+reaper quick WITH_KVM=1 WITH_NOUVEAU=0 WITH_AMDGPU=0 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=0
 *   lockstep-group: kvm+nouveau+reaper WITH_KVM=1 WITH_NOUVEAU=1 WITH_AMDGPU=0 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=0
 *   lockstep-group: kvm+amdgpu+reaper WITH_KVM=1 WITH_NOUVEAU=0 WITH_AMDGPU=1 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=0
 *   lockstep-group: kvm+reaper+exit WITH_KVM=1 WITH_NOUVEAU=0 WITH_AMDGPU=0 WITH_OOM_REAPER=1 WITH_MRELEASE=0 WITH_MADVISE=0 WITH_EXIT=1
 *   lockstep-group: kvm+reaper+mrelease WITH_KVM=1 WITH_NOUVEAU=0 WITH_AMDGPU=0 WITH_OOM_REAPER=1 WITH_MRELEASE=1 WITH_MADVISE=0 WITH_EXIT=0
 * Sizes: GPU_FAULTS (1), NR_PAGES (1). CHECK_QUIESCENCE (1): 0 leaves out main's final check, so that a task
 * sleeping forever is the verdict rather than the broken count that causes it.
 *
 * Starting state (main's setup): the process has used both drivers before the OOM killer picked it — nouveau's
 * classic notifier is registered (nouveau_svmm_init) and the mm has been registered for interval notifiers (has_itree,
 * which never goes back to false) by an earlier fault, whose notifier is gone again; the amdgpu BO's notifier is in the
 * tree (amdgpu_gem_userptr_ioctl); the page is mapped by the CPU and (for amdgpu) used by the GPU.
 *
 * Checked: at quiescence no invalidation is counted and invalidate_seq is even (main's WARN_ON after every actor
 * finished); no GPU mapping outlives the CPU mapping it came from (no_stale_gpu_mapping); nobody sleeps forever
 * (mmu_interval_read_begin, mmu_interval_notifier_remove).
 */
#include <lockstep/kernel.h>
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>
#include <linux/sched_mm.h>
#include <linux/mmu_notifier.h>
#include <linux/sched_task.h>
#include <linux/kvm_host.h>
#include "virt/kvm/kvm_mm.h"

#define WITH_ITREE 1
#ifndef WITH_KVM
#define WITH_KVM 0
#endif
#ifndef WITH_KVM_VCPU
#define WITH_KVM_VCPU WITH_KVM
#endif
#ifndef WITH_NOUVEAU
#define WITH_NOUVEAU 1
#endif
#ifndef WITH_AMDGPU
#define WITH_AMDGPU 0
#endif
#ifndef WITH_OOM_REAPER
#define WITH_OOM_REAPER 1
#endif
#ifndef WITH_MRELEASE
#define WITH_MRELEASE 0
#endif
#ifndef WITH_MADVISE
#define WITH_MADVISE 0
#endif
#ifndef WITH_EXIT
#define WITH_EXIT 0
#endif
#ifndef OOM_REAP_ATTEMPTS
#define OOM_REAP_ATTEMPTS 1
#endif
#ifndef GPU_FAULTS
#define GPU_FAULTS 1
#endif
#ifndef CHECK_QUIESCENCE
#define CHECK_QUIESCENCE 1
#endif
#define USER_HVA_BASE 0x7f0000000000UL

#include "kernel/fork.c"
#include "mm/memory.c"
#include "mm/mmap.c"
#include "mm/mmu_notifier.c"
#if WITH_KVM
#include "kernel/signal.c"
#include "mm/gup.c"
#include "virt/kvm/pfncache.c"
#include "arch/x86/kvm/mmu/mmu.c"
#include "arch/x86/kvm/x86.c"
#include "virt/kvm/kvm_main.c"
#endif
#include "drivers/gpu/drm/nouveau/nouveau_svm.c"
#include "drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c"

static struct mm_struct *victim_mm;
static struct nouveau_svmm svmm;
static struct amdgpu_device adev;
static struct amdgpu_bo *userptr_bo;
#if WITH_KVM
static struct signal_struct victim_signal;
static struct sighand_struct victim_sighand;
static struct task_struct victim = {
	.pid = 4242,
	.comm = "qemu-system-x86",
};
static struct kvm *victim_kvm;
static struct kvm_vcpu vcpu0;
#endif
static DECLARE_COMPLETION(actors_done);
static atomic_t actors_running;

/* the GPU maps nothing the CPU no longer maps: a driver's mapping is torn down in its notifier before the primary
 * PTE is cleared, and none is set up from a PTE read before an invalidation that collided with it. For nouveau's
 * classic subscriber, only while the mm has users: once the last is gone, exit_mmap()'s mmu_notifier_release()
 * unhashes it, nouveau has no ->release, and what its GPU mappings do between exit_mm() and the release of the DRM
 * file is outside this model. */
LOCKSTEP_INVARIANT(no_stale_gpu_mapping)
{
	struct page *cpu = victim_mm->pte[0];

	if (svmm.gpu_page && svmm.gpu_page != cpu && victim_mm->mm_users.counter > 0)
		return false;
	if (adev.gpu_page && adev.gpu_page != cpu)
		return false;
	return true;
}

#if WITH_KVM
/* KVM's half (as kvm_oom.c's I1): an SPTE maps the page the primary PTE maps, or nothing; a valid kvmclock pfn cache
 * maps the page its hva maps while the mm has users (exit_mmap()'s ->release zaps the SPTEs only). */
LOCKSTEP_INVARIANT(no_stale_spte)
{
	if (!lockstep_kvm_alive)
		return true;
	if (victim_kvm->arch.spte[0] && victim_kvm->arch.spte[0] != victim_mm->pte[0])
		return false;
	if (victim_mm->mm_users.counter > 0 && vcpu0.pv_time.valid && vcpu0.pv_time.pfn != victim_mm->pte[0])
		return false;
	return true;
}
#endif

static void actor_done(void)
{
	if (atomic_dec_and_test(&actors_running))
		complete(&actors_done);
}

/* drivers/gpu/drm/nouveau/nouveau_svm.c: nouveau_svm_fault() — the fault buffer's work item; it holds an mm_users
 * reference (mmget_not_zero) while it handles the fault, and drops it with mmput() */
static int nouveau_fault_worker(void *data)
{
	struct mm_struct *mm = victim_mm;
	int i;

	for (i = 0; i < GPU_FAULTS; i++) {
		if (!mmget_not_zero(mm))
			break;
		nouveau_range_fault(&svmm, mm, USER_HVA_BASE);
		mmput(mm);
	}
	actor_done();
	return 0;
}

/* a thread of the process: one command submission with the userptr BO (amdgpu_cs_ioctl), then GEM_CLOSE of the BO
 * (→ amdgpu_bo_destroy → amdgpu_hmm_unregister, then the BO is freed) */
static int amdgpu_cs_thread(void *data)
{
	struct mm_struct *mm = victim_mm;

	amdgpu_cs_submit_userptr(userptr_bo, mm, USER_HVA_BASE);
	amdgpu_hmm_unregister(userptr_bo);
	kfree(userptr_bo);
	mmput(mm);
	actor_done();
	return 0;
}

#if WITH_KVM_VCPU
/* virt/kvm/kvm_main.c: kvm_vcpu_ioctl(KVM_RUN) by a vCPU thread of the process (as kvm_oom.c's vcpu_thread); then
 * its exit: exit_mm() (mmput) and, in exit_files(), the vCPU fd's kvm_vcpu_release() → kvm_put_kvm() */
static int kvm_vcpu_thread(void *data)
{
	lockstep_user_task();
	mutex_lock(&vcpu0.mutex);
	vcpu_run(&vcpu0, &victim);
	mutex_unlock(&vcpu0.mutex);
	mmput(victim_mm);
	kvm_put_kvm(victim_kvm);
	actor_done();
	return 0;
}
#endif

/* mm/oom_kill.c: __oom_reap_task_mm() for the one VMA — a non-blockable invalidation; a VMA whose notifiers refuse
 * is skipped ("continue") and no _end() is called. (The seed's ->oom_enter variants act in __oom_kill_process(),
 * before this model's starting state: they are checked in kvm_oom.c; v2's detach-on-reap acts here.) */
static bool reap_victim_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap;
	struct mmu_notifier_range range;
	struct mmu_gather tlb;

	set_bit(MMF_UNSTABLE, &mm->flags);
#ifdef AFTER_OOM_UNREGISTER
	mmu_notifier_oom_enter(mm);
#endif
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, mm, vma->vm_start, vma->vm_end);
	tlb_gather_mmu(&tlb, mm);
	if (mmu_notifier_invalidate_range_start_nonblock(&range)) {
		tlb_finish_mmu(&tlb);
		return false;
	}
	unmap_page_range(&tlb, vma, range.start, range.end, NULL);
	mmu_notifier_invalidate_range_end(&range);
	tlb_finish_mmu(&tlb);
	return true;
}

/* mm/oom_kill.c: oom_reaper → oom_reap_task() → oom_reap_task_mm(): mmap_read_trylock, skip an mm exit_mmap() has
 * finished with (MMF_OOM_SKIP); the victim's signal->oom_mm holds an mm_count reference */
static int oom_reaper_thread(void *data)
{
	struct mm_struct *mm = victim_mm;
	int attempts = 0;

	while (attempts++ < OOM_REAP_ATTEMPTS) {
		if (!mmap_read_trylock(mm))
			continue;
		if (!test_bit(MMF_OOM_SKIP, &mm->flags) && reap_victim_mm(mm)) {
			mmap_read_unlock(mm);
			break;
		}
		mmap_read_unlock(mm);
	}
	set_bit(MMF_OOM_SKIP, &mm->flags);
	mmdrop(mm);
	actor_done();
	return 0;
}

/* mm/oom_kill.c: process_mrelease() from a userspace OOM daemon (e.g. lmkd) after it killed the process */
static int mrelease_thread(void *data)
{
	struct mm_struct *mm = victim_mm;

	mmap_read_lock(mm);
	if (!test_bit(MMF_OOM_SKIP, &mm->flags))
		reap_victim_mm(mm);
	mmap_read_unlock(mm);
	mmdrop(mm);
	actor_done();
	return 0;
}

/* mm/madvise.c: madvise(MADV_DONTNEED) of the page by another thread of the process (blockable) */
static int madvise_thread(void *data)
{
	struct mm_struct *mm = victim_mm;

	mmap_read_lock(mm);
	zap_page_range_single(mm->mmap, mm->mmap->vm_start, PAGE_SIZE);
	mmap_read_unlock(mm);
	mmput(mm);
	actor_done();
	return 0;
}

/* kernel/exit.c: do_exit() of the process's last thread: exit_mm() → mmput() (→ exit_mmap() once the fault worker
 * has dropped its reference, in whichever thread drops the last) */
static int exit_thread(void *data)
{
	mmput(victim_mm);
#if WITH_KVM
	kvm_put_kvm(victim_kvm);	/* exit_files(): the VM fd's kvm_vm_release() */
#endif
	actor_done();
	return 0;
}

int main(void)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	struct mmu_notifier_subscriptions *subscriptions;
	int users = WITH_EXIT + WITH_AMDGPU + WITH_MADVISE + WITH_KVM_VCPU;

	/* the victim's address space: one anonymous VMA of NR_PAGES pages, all present */
	mm = kzalloc(sizeof(struct mm_struct), GFP_KERNEL);
	mmap_init_lock(mm);
	spin_lock_init(&mm->page_table_lock);
	/* mm_users: the process's threads among the actors (at least one: the mm is alive when the OOM killer picks it);
	 * mm_count: theirs, plus the OOM reaper's and the daemon's grab, plus main's, kept to the end so that the checks
	 * can read the mm */
	atomic_set(&mm->mm_users, users > 0 ? users : 1);
	atomic_set(&mm->mm_count, 2 + WITH_OOM_REAPER + WITH_MRELEASE);
	vma = &mm->__vma;
	vma->vm_start = USER_HVA_BASE;
	vma->vm_end = USER_HVA_BASE + NR_PAGES * PAGE_SIZE;
	vma->vm_mm = mm;
	vma->anon_vma = vma;
	mm->mmap = vma;
	mm->pte[0] = alloc_page(GFP_KERNEL);
	victim_mm = mm;

	mutex_init(&svmm.mutex);
	mutex_init(&adev.notifier_lock);
#if WITH_NOUVEAU
	/* nouveau_svmm_init(): the classic notifier; an earlier fault made the mm an interval-tree mm */
	svmm.notifier.ops = &nouveau_mn_ops;
	mmu_notifier_register(&svmm.notifier, mm);
	mmap_write_lock(mm);
	__mmu_notifier_register(NULL, mm);
	mmap_write_unlock(mm);
#endif
#if WITH_AMDGPU
	/* amdgpu_gem_userptr_ioctl() → amdgpu_hmm_register(); the GPU already uses the page */
	userptr_bo = kzalloc(sizeof(*userptr_bo), GFP_KERNEL);
	userptr_bo->adev = &adev;
	amdgpu_hmm_register(userptr_bo, mm, USER_HVA_BASE);
	adev.gpu_page = mm->pte[0];
#endif

#if WITH_KVM
	/* KVM_CREATE_VM with one memslot over the page, KVM_CREATE_VCPU (its fd holds a VM reference); the guest has
	 * run: the SPTE maps the page and the kvmclock pfn cache is active (as kvm_oom.c's starting state). The VM fd
	 * is closed by the process's exit (WITH_EXIT) or not at all. */
	copy_process(&victim, &victim_signal, &victim_sighand);
	victim.mm = mm;
	victim_kvm = kvm_create_vm(mm, USER_HVA_BASE, NR_PAGES);
	kvm_vcpu_init(&vcpu0, victim_kvm, 0);
	victim_kvm->vcpus[0] = &vcpu0;
	victim_kvm->online_vcpus = 1;
	kvm_gpc_init_active(&vcpu0.pv_time, victim_kvm, USER_HVA_BASE, mm->pte[0]);
	victim_kvm->arch.spte[0] = mm->pte[0];
	atomic_set(&victim_kvm->users_count, 1 + WITH_KVM_VCPU);
	lockstep_kvm_alive = 1;
#endif

	atomic_set(&actors_running, WITH_KVM_VCPU + WITH_NOUVEAU + WITH_AMDGPU + WITH_OOM_REAPER + WITH_MRELEASE + WITH_MADVISE + WITH_EXIT + 1);
#if WITH_KVM_VCPU
	victim.threads[victim.nr_threads++] = kthread_run(kvm_vcpu_thread, NULL, "vcpu");
#endif
#if WITH_NOUVEAU
	kthread_run(nouveau_fault_worker, NULL, "kworker/u8:1");
#endif
#if WITH_AMDGPU
	kthread_run(amdgpu_cs_thread, NULL, "amdgpu_cs");
#endif
#if WITH_OOM_REAPER
	kthread_run(oom_reaper_thread, NULL, "oom_reaper");
#endif
#if WITH_MRELEASE
	kthread_run(mrelease_thread, NULL, "lmkd");
#endif
#if WITH_MADVISE
	kthread_run(madvise_thread, NULL, "madvise");
#endif
#if WITH_EXIT
	kthread_run(exit_thread, NULL, "exit");
#endif
	actor_done();
	wait_for_completion(&actors_done);

	/* quiescence: no invalidation in flight, so none may be counted and the sequence must be even */
	subscriptions = mm->notifier_subscriptions;
	if (CHECK_QUIESCENCE && subscriptions) {
		spin_lock(&subscriptions->lock);
		WARN_ON(subscriptions->active_invalidate_ranges != 0 || (subscriptions->invalidate_seq & 1));
		spin_unlock(&subscriptions->lock);
	}
#if WITH_KVM
	/* KVM's starts and ends paired: with the VM alive and its notifier still on the hlist, no invalidation is
	 * counted. (Once exit_mmap()'s mmu_notifier_release() has unhashed it, an end() may never come: the count may
	 * stay unbalanced, as kvm_destroy_vm() says and repairs.) */
	if (CHECK_QUIESCENCE && lockstep_kvm_alive && !lockstep_mn_count_repaired &&
	    !hlist_unhashed(&victim_kvm->mmu_notifier.hlist)) {
#ifdef ATOMIC_MN_COUNT
		long kvm_count = atomic_read(&victim_kvm->mn_active_invalidate_count);
#else
		long kvm_count = victim_kvm->mn_active_invalidate_count;
#endif
		WARN_ON(victim_kvm->mmu_invalidate_in_progress != 0 || kvm_count != 0);
	}
#endif
	return 0;
}

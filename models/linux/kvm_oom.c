/*
 * kvm_oom.c — Lockstep's flagship model: the MMU-notifier core (mm/mmu_notifier.c), its KVM subscriber
 * (virt/kvm/kvm_main.c, x86 TDP MMU) and the OOM killer and reaper (mm/oom_kill.c), with the variants of the
 * 2026 thread "KVM: mmu_notifier: make mn_invalidate_lock non-sleeping for non-blocking invalidations".
 * The protocol: kernel-protocol.md of the project's shared notes (beside the seed thread); variants, results: docs/seed.md.
 *
 * One translation unit: this file includes the headers of include/ and the .c files of the tree.
 *
 * Variants (one -D name; none = upstream):
 *   RAW_MN_INVALIDATE_LOCK          Feb-09 patch: kvm->mn_invalidate_lock is a raw_spinlock_t
 *   ATOMIC_MN_COUNT                 Feb-11 suggestion: mn_active_invalidate_count is an atomic_t, no lock
 *   DEFER_NONBLOCK_INVALIDATE       Mar-03 proposal: a worker performs non-blockable invalidations
 *   OOM_ENTER_SYNC_UNREGISTER       the seed (Mar-28): ->oom_enter unregisters KVM's notifier
 *   OOM_ENTER_DEFERRED_UNREGISTER   the seed's ->oom_enter, the unregistration deferred to a worker
 *   OOM_ENTER_FLAG_EARLY_RETURN     the seed's question: ->oom_enter sets kvm->oom_reaping, start()/end() return
 *   NONBLOCK_EAGAIN                 KVM returns -EAGAIN from a non-blockable start()
 *   AFTER_OOM_UNREGISTER            v2 (Apr-30): the reaper detaches KVM, call_srcu() → ->after_oom_unregister
 * Kernel semantics: --config PREEMPT_RT, --config RTLOCK_IN_NON_BLOCK (the Aug/Sep scheduler-side change).
 *
 * Actors (-D WITH_X=0/1; defaults below): the vCPU threads (A1 faults + A2 guest accesses), a primary-MMU
 * invalidator (A4, madvise(MADV_DONTNEED) → zap_page_range_single), the memslot updater (A3, deletes the memslot),
 * the OOM killer (A5) with its timer and the oom_reaper kthread (A6), and the VMM's exit (A7 exit_mmap, then
 * A8 kvm_destroy_vm when the VM file is closed).
 * Sizes: NR_VCPUS (1), NR_PAGES (1), NR_INVALIDATIONS (1), NR_GUEST_RUNS (2), MAX_FAULT_RETRIES (1),
 * OOM_REAP_RETRIES (2).
 */
#include <lockstep/kernel.h>
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>
#include <linux/sched_mm.h>
#include <linux/sched_task.h>
#include <linux/oom.h>
#include <linux/mmu_notifier.h>
#include <linux/kvm_host.h>
#include "virt/kvm/kvm_mm.h"

#ifndef NR_INVALIDATIONS
#define NR_INVALIDATIONS 1
#endif

#ifndef WITH_VCPU
#define WITH_VCPU 1
#endif
#ifndef WITH_OOM
#define WITH_OOM 1
#endif
#ifndef WITH_INVALIDATOR
#define WITH_INVALIDATOR 0
#endif
#ifndef WITH_MEMSLOT_UPDATE
#if defined(ATOMIC_MN_COUNT)
#define WITH_MEMSLOT_UPDATE 1
#else
#define WITH_MEMSLOT_UPDATE 0
#endif
#endif
#ifndef WITH_EXIT
#define WITH_EXIT 1
#endif

#define VMM_HVA_BASE 0x7f0000000000UL

#include "kernel/fork.c"
#include "kernel/signal.c"
#include "mm/memory.c"
#include "mm/gup.c"
#include "mm/mmap.c"
#include "mm/mmu_notifier.c"
#include "mm/oom_kill.c"
#include "virt/kvm/pfncache.c"
#include "arch/x86/kvm/mmu/mmu.c"
#include "arch/x86/kvm/x86.c"
#include "virt/kvm/kvm_main.c"

/* ---- the system: one VMM process, its mm, one VM ---- */

static struct signal_struct vmm_signal;
static struct sighand_struct vmm_sighand;
static struct task_struct vmm = {
	.signal = &vmm_signal,
	.sighand = &vmm_sighand,
	.pid = 4242,
	.comm = "qemu-system-x86",
};
static struct mm_struct *vmm_mm;
static struct kvm *vmm_kvm;
static struct kvm_vcpu vcpus[NR_VCPUS];
static struct task_struct *vcpu_tasks[NR_VCPUS];
static struct task_struct *invalidator_task;
static struct task_struct *memslot_task;

/* ---- invariants (kernel-protocol.md (c)) ---- */

/* I1 — no stale secondary mapping: an SPTE maps the page the primary PTE maps, or nothing. (Start() zaps
 * before the primary clears a PTE, and no SPTE is created between start() and end().) */
LOCKSTEP_INVARIANT(no_stale_spte)
{
	int g;

	if (!lockstep_kvm_alive)
		return true;
	for (g = 0; g < NR_PAGES; g++) {
		if (vmm_kvm->arch.spte[g] && vmm_kvm->arch.spte[g] != vmm_kvm->mm->pte[g])
			return false;
	}
	return true;
}

/* I4/I5 — balance: mmu_invalidate_in_progress never negative and never above the number of KVM start()s
 * still waiting for their end() (in_progress++ follows count++, in_progress-- precedes count--), until the count
 * is force-repaired when KVM leaves the notifier list for good. */
LOCKSTEP_INVARIANT(invalidate_balance)
{
	long count;

	if (!lockstep_kvm_alive || lockstep_mn_count_repaired)
		return true;
#ifdef ATOMIC_MN_COUNT
	count = vmm_kvm->mn_active_invalidate_count.counter;
#else
	count = vmm_kvm->mn_active_invalidate_count;
#endif
	return vmm_kvm->mmu_invalidate_in_progress >= 0 && vmm_kvm->mmu_invalidate_in_progress <= count;
}

/* ---- actors ---- */

/* virt/kvm/kvm_main.c: kvm_vcpu_ioctl(KVM_RUN) — one vCPU thread of the VMM (A1/A2) */
static int vcpu_thread(void *data)
{
	struct kvm_vcpu *vcpu = data;

	mutex_lock(&vcpu->mutex);
	vcpu_run(vcpu, &vmm);
	mutex_unlock(&vcpu->mutex);
	return 0;
}

/* mm/madvise.c: madvise(MADV_DONTNEED) of page 0 by another thread of the VMM (A4, blockable) */
static int invalidator_thread(void *data)
{
	struct mm_struct *mm = vmm_mm;
	int i;

	for (i = 0; i < NR_INVALIDATIONS; i++) {
		mmap_read_lock(mm);
		zap_page_range_single(mm->mmap, mm->mmap->vm_start, PAGE_SIZE);
		mmap_read_unlock(mm);
	}
	return 0;
}

/* KVM_SET_USER_MEMORY_REGION deleting the memslot, by another VMM thread holding a VM reference (A3) */
static int memslot_thread(void *data)
{
	kvm_vm_ioctl_delete_memslot(vmm_kvm);
	return 0;
}

/* an allocating task elsewhere in the system runs out of memory and picks the VMM (A5) */
static int oom_killer_thread(void *data)
{
	out_of_memory_kill(&vmm);
	return 0;
}

/* kernel/exit.c: do_exit() of the VMM's last thread (e.g. exit_group() after SIGKILL): the other threads are
 * gone first; exit_mm() (→ mmput() → exit_mmap(), A7), then exit_files() closes the VM fd (→ kvm_put_kvm() →
 * kvm_destroy_vm(), A8). */
static int vmm_exit_thread(void *data)
{
	struct mm_struct *mm = vmm_mm;
	int i;

	for (i = 0; i < NR_VCPUS; i++)
		if (vcpu_tasks[i])
			kthread_stop(vcpu_tasks[i]);
	if (invalidator_task)
		kthread_stop(invalidator_task);
	if (memslot_task)
		kthread_stop(memslot_task);

	/* kernel/exit.c: exit_mm() */
	task_lock(&vmm);
	vmm.mm = NULL;
	task_unlock(&vmm);
	mmput(mm);

	/* fs/file.c: exit_files() → kvm_vm_release() */
	kvm_put_kvm(vmm_kvm);
	return 0;
}

int main(void)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	int i;

	/* the VMM's address space: one anonymous VMA of NR_PAGES pages, all present (the guest's RAM) */
	mm = kzalloc(sizeof(struct mm_struct), GFP_KERNEL);
	mmap_init_lock(mm);
	spin_lock_init(&mm->page_table_lock);
	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);
	vma = &mm->__vma;
	vma->vm_start = VMM_HVA_BASE;
	vma->vm_end = VMM_HVA_BASE + NR_PAGES * PAGE_SIZE;
	vma->vm_flags = 0;
	vma->vm_mm = mm;
	vma->vm_next = NULL;
	vma->anon_vma = vma;
	mm->mmap = vma;
	for (i = 0; i < NR_PAGES; i++)
		mm->pte[i] = alloc_page(GFP_KERNEL);
	vmm_mm = mm;

	spin_lock_init(&vmm.alloc_lock);
	spin_lock_init(&vmm_sighand.siglock);
	atomic_set(&vmm.usage, 1);
	vmm.mm = mm;

	/* KVM_CREATE_VM with one memslot over the VMA, and the vCPUs */
	vmm_kvm = kvm_create_vm(mm, VMM_HVA_BASE, NR_PAGES);
	for (i = 0; i < NR_VCPUS; i++) {
		vcpus[i].kvm = vmm_kvm;
		vcpus[i].vcpu_id = i;
		mutex_init(&vcpus[i].mutex);
		raw_spin_lock_init(&vcpus[i].guest_mode_lock);
		vmm_kvm->vcpus[i] = &vcpus[i];
		vmm.vcpu_threads[i] = &vcpus[i];
	}
	/* vCPUs that never run need no IPI: leave them out of the flush/kick loops when no vCPU thread runs */
	vmm_kvm->online_vcpus = WITH_VCPU ? NR_VCPUS : 0;
	vmm.nr_vcpu_threads = WITH_VCPU ? NR_VCPUS : 0;
	lockstep_kvm_alive = 1;

#if WITH_OOM
	/* mm/oom_kill.c: oom_init() */
	kthread_run(oom_reaper, NULL, "oom_reaper");
#endif
#if WITH_VCPU
	for (i = 0; i < NR_VCPUS; i++)
		vcpu_tasks[i] = kthread_run(vcpu_thread, &vcpus[i], "vcpu");
#endif
#if WITH_INVALIDATOR
	invalidator_task = kthread_run(invalidator_thread, NULL, "madvise");
#endif
#if WITH_MEMSLOT_UPDATE
	memslot_task = kthread_run(memslot_thread, NULL, "set_memory_region");
#endif
#if WITH_OOM
	kthread_run(oom_killer_thread, NULL, "oom_killer");
#endif
#if WITH_EXIT
	kthread_run(vmm_exit_thread, NULL, "vmm_exit");
#endif
	return 0;
}

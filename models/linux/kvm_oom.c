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
 *   OOM_REAP_MAY_WAIT               the proposed fix (docs/seed.md): KVM declares that its invalidation never waits
 *                                   for the reaped task; the core calls it as blockable from the reaper
 * Kernel semantics: --config PREEMPT_RT, --config RTLOCK_IN_NON_BLOCK (the Aug/Sep scheduler-side change).
 *
 * Actors (-D WITH_X=0/1; defaults below): the vCPU threads (A1 faults + A2 guest accesses + the kvmclock update
 * through a pfn cache), a primary-MMU invalidator (A4, madvise(MADV_DONTNEED) → zap_page_range_single), the memslot
 * updater (A3, deletes the memslot), the OOM killer (A5: an allocating task's __alloc_pages_may_oom() →
 * out_of_memory() → oom_kill_process(), with the task_will_free_mem() shortcut, or __oom_kill_process()) with its
 * timer and the oom_reaper kthread (A6), a userspace OOM daemon (WITH_OOMD: SIGKILL, then process_mrelease()), and
 * the VMM's exit (A7 exit_group → exit_mmap, then A8 kvm_destroy_vm when the VM file is closed).
 * Actor groups — the named -D sets `lockstep matrix --groups` runs (`lockstep matrix FILE --list-groups` lists
 * them): the OOM killer and reaper alone, with each other actor, with every pair of them, and with all of them.
 * "quick" marks the groups every variant exhausts (or refutes) within seconds: the subset CI runs.
 *   lockstep-group: oom quick WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=0 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=0
 *   lockstep-group: oom+vcpu WITH_OOM=1 WITH_VCPU=1 WITH_EXIT=0 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=0
 *   lockstep-group: oom+exit WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=1 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=0
 *   lockstep-group: oom+madvise WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=0 WITH_INVALIDATOR=1 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=0
 *   lockstep-group: oom+memslot WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=0 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=1 WITH_OOMD=0
 *   lockstep-group: oom+oomd WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=0 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=1
 *   lockstep-group: oom+vcpu+exit WITH_OOM=1 WITH_VCPU=1 WITH_EXIT=1 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=0
 *   lockstep-group: oom+vcpu+madvise WITH_OOM=1 WITH_VCPU=1 WITH_EXIT=0 WITH_INVALIDATOR=1 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=0
 *   lockstep-group: oom+vcpu+memslot WITH_OOM=1 WITH_VCPU=1 WITH_EXIT=0 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=1 WITH_OOMD=0
 *   lockstep-group: oom+vcpu+oomd WITH_OOM=1 WITH_VCPU=1 WITH_EXIT=0 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=1
 *   lockstep-group: oom+exit+madvise WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=1 WITH_INVALIDATOR=1 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=0
 *   lockstep-group: oom+exit+memslot WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=1 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=1 WITH_OOMD=0
 *   lockstep-group: oom+exit+oomd WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=1 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=1
 *   lockstep-group: oom+madvise+memslot WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=0 WITH_INVALIDATOR=1 WITH_MEMSLOT_UPDATE=1 WITH_OOMD=0
 *   lockstep-group: oom+madvise+oomd WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=0 WITH_INVALIDATOR=1 WITH_MEMSLOT_UPDATE=0 WITH_OOMD=1
 *   lockstep-group: oom+memslot+oomd WITH_OOM=1 WITH_VCPU=0 WITH_EXIT=0 WITH_INVALIDATOR=0 WITH_MEMSLOT_UPDATE=1 WITH_OOMD=1
 *   lockstep-group: oom+all WITH_OOM=1 WITH_VCPU=1 WITH_EXIT=1 WITH_INVALIDATOR=1 WITH_MEMSLOT_UPDATE=1 WITH_OOMD=1
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
#ifndef WITH_OOMD
#define WITH_OOMD 0
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

/* I1 for the pfn caches: a valid cache maps the page the primary PTE of its hva maps (start() invalidates the
 * caches of the range before the primary clears the PTE) — while the mm has users. Once the last user is gone,
 * exit_mmap()'s ->release zaps the SPTEs only (kvm_flush_shadow_all()) and unhashes KVM, so its unmap leaves the
 * caches valid; no cache user of the model runs after that (the vCPU threads have exited), and an access through a
 * stale cache would be the heap checker's use-after-free. */
LOCKSTEP_INVARIANT(no_stale_gpc)
{
	int i;
	unsigned long idx;

	if (!lockstep_kvm_alive || vmm_kvm->mm->mm_users.counter == 0)
		return true;
	for (i = 0; i < NR_VCPUS; i++) {
		if (!vcpus[i].pv_time.valid)
			continue;
		idx = (vcpus[i].pv_time.uhva - VMM_HVA_BASE) >> PAGE_SHIFT;
		if (vcpus[i].pv_time.pfn != vmm_kvm->mm->pte[idx])
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

/* virt/kvm/kvm_main.c: kvm_vcpu_ioctl(KVM_RUN) — one vCPU thread of the VMM (A1/A2). Its first step may be the
 * guest entry: every state in which the OOM killer fires while this vCPU is in guest mode, or in KVM_RUN outside
 * it, or in userspace (before KVM_RUN), is reached. */
static int vcpu_thread(void *data)
{
	struct kvm_vcpu *vcpu = data;

	lockstep_user_task();
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

	lockstep_user_task();
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
	lockstep_user_task();
	kvm_vm_ioctl_delete_memslot(vmm_kvm);
	return 0;
}

/* mm/page_alloc.c: __alloc_pages_slowpath() of an allocating task elsewhere in the system: "Reclaim has failed us,
 * start killing things" → __alloc_pages_may_oom() → out_of_memory(), which picks the VMM (A5). */
static int __alloc_pages_slowpath(void *data)
{
	__alloc_pages_may_oom(&vmm);
	return 0;
}

/* A userspace OOM daemon (lmkd, systemd-oomd) kills the VMM and reaps it from syscall context:
 * pidfd_send_signal(pidfd, SIGKILL) → kill_pid_info() → do_send_sig_info(), then process_mrelease(pidfd). */
static int oomd_thread(void *data)
{
	do_send_sig_info(SIGKILL, &vmm);
	process_mrelease(&vmm);
	return 0;
}

/* kernel/exit.c: do_group_exit() of the VMM (exit_group(), or its SIGKILL's delivery): the group exit is marked and
 * the other threads are killed (zap_other_threads()) and gone first; then do_exit() of the last thread: exit_mm()
 * (→ mmput() → exit_mmap(), A7), then exit_files() closes the VM fd (→ kvm_put_kvm() → kvm_destroy_vm(), A8). */
static int vmm_exit_thread(void *data)
{
	struct mm_struct *mm = vmm_mm;
	int i;

	lockstep_user_task();
	spin_lock_irq(&vmm_sighand.siglock);
	vmm_signal.flags = SIGNAL_GROUP_EXIT;
	set_bit(SIGKILL, &vmm.pending);
	spin_unlock_irq(&vmm_sighand.siglock);

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

/*
 * The starting state is the moment the OOM killer fires on a VMM that has been running its guest:
 *  - the VMM's address space: one anonymous VMA of NR_PAGES pages, all present (the guest's RAM, touched);
 *  - KVM_CREATE_VM with one memslot over the VMA, KVM_CREATE_VCPU for each vCPU;
 *  - the vCPUs have run: every guest page was faulted in (kvm_tdp_page_fault() → kvm_tdp_mmu_map()) while the mm
 *    was stable, so each SPTE maps the page its PTE maps, no invalidation is in progress and mmu_invalidate_seq
 *    is what those faults saw;
 *  - each vCPU's kvmclock pfn cache (vcpu->arch.pv_time, KVM_REQ_CLOCK_UPDATE → kvm_gpc_activate() + refresh) is
 *    active and valid on kvm->gpc_list, mapping guest page 0;
 *  - threads: the vCPU threads start in KVM_RUN outside guest mode (vcpu->mode = OUTSIDE_GUEST_MODE, kvm->srcu
 *    about to be taken) and may enter the guest first; the madvise and memslot threads are about to make their
 *    syscalls; the exiting thread is about to call exit_group() (SIGNAL_GROUP_EXIT not yet set); the oom_reaper
 *    kthread idles in wait_event_freezable(); the allocating task is in __alloc_pages_slowpath() with reclaim
 *    failed; the OOM daemon is about to kill. Every order in which they proceed is explored.
 */
int main(void)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	int i;

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

	copy_process(&vmm, &vmm_signal, &vmm_sighand);
	vmm.mm = mm;

	vmm_kvm = kvm_create_vm(mm, VMM_HVA_BASE, NR_PAGES);
	for (i = 0; i < NR_VCPUS; i++) {
		kvm_vcpu_init(&vcpus[i], vmm_kvm, i);
		vmm_kvm->vcpus[i] = &vcpus[i];
		kvm_gpc_init_active(&vcpus[i].pv_time, vmm_kvm, VMM_HVA_BASE, mm->pte[0]);
	}
	vmm_kvm->online_vcpus = NR_VCPUS;
	for (i = 0; i < NR_PAGES; i++)
		vmm_kvm->arch.spte[i] = mm->pte[i];
	lockstep_kvm_alive = 1;

	/* the VMM's threads first, so that the OOM killer's mark_oom_victim() sees the whole thread group */
#if WITH_VCPU
	for (i = 0; i < NR_VCPUS; i++) {
		vcpu_tasks[i] = kthread_run(vcpu_thread, &vcpus[i], "vcpu");
		vmm.threads[vmm.nr_threads++] = vcpu_tasks[i];
	}
#endif
#if WITH_INVALIDATOR
	invalidator_task = kthread_run(invalidator_thread, NULL, "madvise");
	vmm.threads[vmm.nr_threads++] = invalidator_task;
#endif
#if WITH_MEMSLOT_UPDATE
	memslot_task = kthread_run(memslot_thread, NULL, "set_memory_region");
	vmm.threads[vmm.nr_threads++] = memslot_task;
#endif
#if WITH_EXIT
	vmm.threads[vmm.nr_threads++] = kthread_run(vmm_exit_thread, NULL, "vmm_exit");
#endif
#if WITH_OOM
	/* mm/oom_kill.c: oom_init() */
	kthread_run(oom_reaper, NULL, "oom_reaper");
	kthread_run(__alloc_pages_slowpath, NULL, "oom_killer");
#endif
#if WITH_OOMD
	kthread_run(oomd_thread, NULL, "oomd");
#endif
	return 0;
}

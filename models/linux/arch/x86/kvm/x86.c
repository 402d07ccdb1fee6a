/* arch/x86/kvm/x86.c — vcpu_run()/vcpu_enter_guest() reduced to guest memory accesses (A2), the kvmclock update
 * through the vCPU's pfn cache, and the EPT-violation exits that fault pages in (A1). */
#include <linux/kvm_host.h>

#ifndef NR_GUEST_RUNS
#define NR_GUEST_RUNS 2		/* guest entries per vCPU: the first may take an EPT violation */
#endif

/* include/linux/srcu.h: smp_mb__after_srcu_read_unlock() — a full barrier; the model's memory is sequentially
 * consistent */
#define smp_mb__after_srcu_read_unlock() do { } while (0)

static int kvm_mmu_page_fault(struct kvm_vcpu *vcpu, gfn_t gfn);
static bool kvm_gpc_check(struct gfn_to_pfn_cache *gpc);

/* include/linux/kvm_host.h: kvm_request_pending() / kvm_check_request() */
static inline bool kvm_request_pending(struct kvm_vcpu *vcpu)
{
	return READ_ONCE(vcpu->requests) != 0;
}

static inline bool kvm_check_request(int req, struct kvm_vcpu *vcpu)
{
	if (test_bit(req & KVM_REQUEST_MASK, &vcpu->requests)) {
		clear_bit(req & KVM_REQUEST_MASK, &vcpu->requests);
		/* Ensure the rest of the request is visible to kvm_check_request's caller. */
		smp_mb__after_atomic();
		return true;
	}
	return false;
}

/* arch/x86/kvm/x86.c: kvm_vcpu_exit_request() — with IRQs off: a kick (EXITING_GUEST_MODE), a pending request, or
 * pending work such as a signal (xfer_to_guest_mode_work_pending()) cancels the entry. */
static bool kvm_vcpu_exit_request(struct kvm_vcpu *vcpu, struct task_struct *vmm)
{
	return vcpu->mode == EXITING_GUEST_MODE || kvm_request_pending(vcpu) || fatal_signal_pending(vmm);
}

/* arch/x86/kvm/x86.c: kvm_setup_guest_pvclock() (KVM_REQ_CLOCK_UPDATE → kvm_guest_time_update()): write the
 * guest's pvclock page through the kernel mapping of the vCPU's pfn cache, under gpc->lock (read). */
static void kvm_setup_guest_pvclock(struct kvm_vcpu *vcpu)
{
	struct gfn_to_pfn_cache *gpc = &vcpu->pv_time;
	unsigned long flags;

	read_lock_irqsave(&gpc->lock, flags);
	if (kvm_gpc_check(gpc))
		WRITE_ONCE(gpc->pfn->data, vcpu->vcpu_id + 1);	/* guest_hv_clock->version etc. */
	read_unlock_irqrestore(&gpc->lock, flags);
}

/* arch/x86/kvm/x86.c: vcpu_enter_guest() — called with kvm->srcu held, which it drops for guest mode. Sets
 * vcpu->mode = IN_GUEST_MODE with IRQs off, then checks for a reason to cancel the entry; otherwise the guest runs:
 * the CPU fills its TLB from the SPTE and touches host page `gfn` through it (hardware: no lock, no reference — a
 * freed page here is a use-after-free). Leaving guest mode, OUTSIDE_GUEST_MODE is stored before IRQs are enabled,
 * which is when a pending IPI (a remote TLB flush's) is acknowledged. Returns 1 on an EPT violation (no SPTE),
 * 0 after a guest run, -EINTR when the entry was cancelled for a fatal signal, -EAGAIN when cancelled otherwise. */
static int vcpu_enter_guest(struct kvm_vcpu *vcpu, struct task_struct *vmm, gfn_t gfn)
{
	struct kvm *kvm = vcpu->kvm;
	struct page *page;
	long data;
	int r = 0;

	if (kvm_request_pending(vcpu)) {
		/* kvm_vcpu_flush_tlb_all(): the TLB is refilled from the SPTEs at the next entry */
		kvm_check_request(KVM_REQ_TLB_FLUSH, vcpu);
	}

	preempt_disable();
	local_irq_disable();

	/* Store vcpu->mode before the request/signal checks: pairs with the cmpxchg in
	 * kvm_vcpu_exiting_guest_mode(). */
	smp_store_release(&vcpu->mode, IN_GUEST_MODE);
	srcu_read_unlock(&kvm->srcu, vcpu->srcu_idx);	/* kvm_vcpu_srcu_read_unlock() */
	smp_mb__after_srcu_read_unlock();

	if (kvm_vcpu_exit_request(vcpu, vmm)) {
		vcpu->mode = OUTSIDE_GUEST_MODE;
		smp_wmb();
		local_irq_enable();
		preempt_enable();
		vcpu->srcu_idx = srcu_read_lock(&kvm->srcu);	/* kvm_vcpu_srcu_read_lock() */
		return fatal_signal_pending(vmm) ? -EINTR : -EAGAIN;
	}

	/* the guest runs (vmx_vcpu_run()) */
	page = READ_ONCE(kvm->arch.spte[gfn]);
	if (page)
		data = READ_ONCE(page->data);	/* the guest's memory access through its TLB entry */
	else
		r = 1;				/* EXIT_REASON_EPT_VIOLATION */

	vcpu->mode = OUTSIDE_GUEST_MODE;
	smp_wmb();
	local_irq_enable();
	preempt_enable();

	vcpu->srcu_idx = srcu_read_lock(&kvm->srcu);	/* kvm_vcpu_srcu_read_lock() */
	return r;
}

/* arch/x86/kvm/x86.c: vcpu_run() — the KVM_RUN loop of one vCPU thread of the VMM process `vmm`; kvm->srcu is held
 * outside guest mode (kvm_vcpu_srcu_read_lock() at the start, dropped around guest mode only). A fatal signal ends
 * the loop with -EINTR (xfer_to_guest_mode_handle_work()). */
static int vcpu_run(struct kvm_vcpu *vcpu, struct task_struct *vmm)
{
	struct kvm *kvm = vcpu->kvm;
	gfn_t gfn = vcpu->vcpu_id % NR_PAGES;
	int i, r = 0;

	vcpu->srcu_idx = srcu_read_lock(&kvm->srcu);
	for (i = 0; i < NR_GUEST_RUNS; i++) {
		if (i == 0)
			kvm_setup_guest_pvclock(vcpu);	/* KVM_REQ_CLOCK_UPDATE, once */
		r = vcpu_enter_guest(vcpu, vmm, gfn);
		if (r == -EINTR)
			break;
		if (r == 1)
			kvm_mmu_page_fault(vcpu, gfn);
	}
	srcu_read_unlock(&kvm->srcu, vcpu->srcu_idx);
	return r;
}

/* arch/x86/kvm/x86.c — vcpu_run()/vcpu_enter_guest() reduced to guest memory accesses (A2) and the EPT-violation
 * exits that fault pages in (A1). */
#include <linux/kvm_host.h>

#ifndef NR_GUEST_RUNS
#define NR_GUEST_RUNS 2		/* guest entries per vCPU: the first usually takes an EPT violation */
#endif

static int kvm_mmu_page_fault(struct kvm_vcpu *vcpu, gfn_t gfn);

/* arch/x86/kvm/x86.c: vcpu_enter_guest() — with IRQs off and vcpu->mode = IN_GUEST_MODE, bail out if there is
 * work (kvm_vcpu_exit_request(): a pending signal); else run the guest, which touches host page `gfn` through
 * its EPT entry (hardware: no lock, no reference — a freed page here is a use-after-free). Returns true on an
 * EPT violation (no SPTE), false otherwise. */
static bool vcpu_enter_guest(struct kvm_vcpu *vcpu, struct task_struct *vmm, gfn_t gfn)
{
	struct page *page;
	bool ept_violation = false;
	long data;

	raw_spin_lock(&vcpu->guest_mode_lock);
	if (!fatal_signal_pending(vmm)) {
		page = READ_ONCE(vcpu->kvm->arch.spte[gfn]);
		if (page)
			data = READ_ONCE(page->data);	/* the guest's memory access */
		else
			ept_violation = true;
	}
	raw_spin_unlock(&vcpu->guest_mode_lock);
	return ept_violation;
}

/* arch/x86/kvm/x86.c: vcpu_run() — the KVM_RUN loop of one vCPU thread of the VMM process `vmm`; kvm->srcu is
 * held outside guest mode, as kvm_vcpu_srcu_read_lock()/unlock() do around vcpu_enter_guest(). */
static int vcpu_run(struct kvm_vcpu *vcpu, struct task_struct *vmm)
{
	struct kvm *kvm = vcpu->kvm;
	gfn_t gfn = vcpu->vcpu_id % NR_PAGES;
	int i, idx;

	for (i = 0; i < NR_GUEST_RUNS; i++) {
		/* (the signal check of vcpu_run() is the one vcpu_enter_guest() makes in guest-entry context) */
		if (vcpu_enter_guest(vcpu, vmm, gfn)) {
			idx = srcu_read_lock(&kvm->srcu);
			kvm_mmu_page_fault(vcpu, gfn);
			srcu_read_unlock(&kvm->srcu, idx);
		}
	}
	return 0;
}

/*
 * Contract (kernel/rcu/srcutree.c, synchronize_srcu()): a grace period waits for every reader of the domain,
 * including one the caller is inside: lockdep reports the recursion, without it the thread hangs.
 * expect: recursive-locking thread=main
 * expect NO_LOCKDEP: deadlock thread=main
 */
#include <lockstep/kernel.h>

DEFINE_STATIC_SRCU(srcu);

int main(void)
{
	int idx = srcu_read_lock(&srcu);

	synchronize_srcu(&srcu);
	srcu_read_unlock(&srcu, idx);
	return 0;
}

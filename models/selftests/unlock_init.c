/*
 * lib/locking-selftest.c, DO_TESTCASE_6 "double unlock", "initialize held" and "bad unlock order": unlocking a lock
 * twice is lockdep's bad unlock balance; initialising a held lock is reported (debug_check_no_locks_freed()); unlocking
 * in another order than locking is fine.
 * Instances: -D LOCK_<type> -D double_unlock | init_held | bad_unlock_order.
 */
#include "locktypes.h"

int main(void)
{
	init_shared_classes();
#if defined(double_unlock)
	LOCK(A);
	UNLOCK(A);
	UNLOCK(A);
#elif defined(init_held)
	LOCK(A);
	INIT(&A);
	UNLOCK(A);
#elif defined(bad_unlock_order)
	LOCK(A);
	LOCK(B);
	UNLOCK(A);
	UNLOCK(B);
#else
#error "choose a case"
#endif
	return 0;
}

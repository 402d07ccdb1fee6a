/*
 * lib/locking-selftest.c, DO_TESTCASE_6R (AA, ABBA, ABBCCA, ABCABC, ABBCCDDA, ABCDBDDA, ABCDBCDA): one task takes
 * the locks in orders that form a cycle; lockdep reports it (recursive locking for AA, a circular dependency for the
 * others) — except for recursive read_lock(), whose read-read cycles are not deadlocks.
 * Instances: -D LOCK_<type> -D <SCENARIO>; the expected results are in cases.tsv.
 */
#include "locktypes.h"

int main(void)
{
	init_shared_classes();
#if defined(AA)
	LOCK(X1);
	LOCK(X2);
	UNLOCK(X2);
	UNLOCK(X1);
#elif defined(ABBA)
	LU2(A, B);
	LU2(B, A);
#elif defined(ABBCCA)
	LU2(A, B);
	LU2(B, C);
	LU2(C, A);
#elif defined(ABCABC)
	LU2(A, B);
	LU2(C, A);
	LU2(B, C);
#elif defined(ABBCCDDA)
	LU2(A, B);
	LU2(B, C);
	LU2(C, D);
	LU2(D, A);
#elif defined(ABCDBDDA)
	LU2(A, B);
	LU2(C, D);
	LU2(B, D);
	LU2(D, A);
#elif defined(ABCDBCDA)
	LU2(A, B);
	LU2(C, D);
	LU2(B, C);
	LU2(D, A);
#else
#error "choose a scenario"
#endif
	return 0;
}

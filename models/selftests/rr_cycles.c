/*
 * lib/locking-selftest.c, DO_TESTCASE_6x1RRB / DO_TESTCASE_6x1RR: three rwlock_t classes X1, Y1, Z1 and three
 * lock/unlock pairs E1, E2, E3 run by one task in each of the six orders (the _123 .. _321 tests).
 *   "rlock W1R2/W2R3/W3R1"  W1R2_W2R3_W3R1_<order>  FAILURE: every lock is left while write-held
 *   "rlock W1W2/R2R3/W3R1"  W1W2_R2R3_W3R1_<order>  FAILURE: Z1 and X1 are entered as readers but left write-held
 *   "rlock W1W2/R2R3/R3W1"  W1W2_R2R3_R3W1_<order>  SUCCESS: Z1 is entered as a recursive reader and left read-held
 *   "rlock W1R2/R2R3/W3W1"  W1R2_R2R3_W3W1_<order>  SUCCESS: Y1 is entered as a recursive reader and left read-held
 * A cycle is a deadlock only if it is strong: no lock on it is entered through a recursive read and left while
 * read-held (no -(xR)-> -(Sx)-> pair; kernel/locking/lockdep.c, the strong-path rule of __bfs()/bfs_next_match()).
 * Instances: -D <scenario> × -D ORDER_123 ORDER_132 ORDER_213 ORDER_231 ORDER_312 ORDER_321.
 */
#include <lockstep/kernel.h>

static rwlock_t X1, Y1, Z1;

static void init_class_X(rwlock_t *lock) { rwlock_init(lock); }
static void init_class_Y(rwlock_t *lock) { rwlock_init(lock); }
static void init_class_Z(rwlock_t *lock) { rwlock_init(lock); }

#define WL(x) write_lock(&(x))
#define WU(x) write_unlock(&(x))
#define RL(x) read_lock(&(x))
#define RU(x) read_unlock(&(x))

#if defined(W1R2_W2R3_W3R1)
static void E1(void) { WL(X1); RL(Y1); RU(Y1); WU(X1); }
static void E2(void) { WL(Y1); RL(Z1); RU(Z1); WU(Y1); }
static void E3(void) { WL(Z1); RL(X1); RU(X1); WU(Z1); }
#elif defined(W1W2_R2R3_W3R1)
static void E1(void) { WL(X1); WL(Y1); WU(Y1); WU(X1); }
static void E2(void) { RL(Y1); RL(Z1); RU(Z1); RU(Y1); }
static void E3(void) { WL(Z1); RL(X1); RU(X1); WU(Z1); }
#elif defined(W1W2_R2R3_R3W1)
static void E1(void) { WL(X1); WL(Y1); WU(Y1); WU(X1); }
static void E2(void) { RL(Y1); RL(Z1); RU(Z1); RU(Y1); }
static void E3(void) { RL(Z1); WL(X1); WU(X1); RU(Z1); }
#elif defined(W1R2_R2R3_W3W1)
static void E1(void) { WL(X1); RL(Y1); RU(Y1); WU(X1); }
static void E2(void) { RL(Y1); RL(Z1); RU(Z1); RU(Y1); }
static void E3(void) { WL(Z1); WL(X1); WU(X1); WU(Z1); }
#else
#error "choose a scenario: -D W1R2_W2R3_W3R1, W1W2_R2R3_W3R1, W1W2_R2R3_R3W1 or W1R2_R2R3_W3W1"
#endif

#include "orders.h"

int main(void)
{
	init_class_X(&X1);
	init_class_Y(&Y1);
	init_class_Z(&Z1);
	run_events();
	return 0;
}

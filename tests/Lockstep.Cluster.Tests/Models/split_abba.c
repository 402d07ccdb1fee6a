/*
 * ABBA whose two halves land on whichever silos own the states that record them: SALT changes every state's
 * fingerprint (it is a global, live until ab ends), and so which partition owns which half. With LATE, the b -> a half is first recorded
 * several levels after the a -> b half, so it is found by the silo that imported a -> b at a barrier; without it,
 * both halves are recorded in one level, and two silos find the cycle only when their graphs are compared.
 */
#include <lockstep/kernel.h>

#ifndef SALT
#define SALT 0
#endif

static DEFINE_MUTEX(lock_a);
static DEFINE_MUTEX(lock_b);
static int salt;
static int delay;

static int ab(void *data)
{
#ifndef LATE
	WRITE_ONCE(delay, 1); /* ab starts one step before ba: this puts the first a -> b and b -> a in one level */
#endif
	mutex_lock(&lock_a);
	mutex_lock(&lock_b);
	mutex_unlock(&lock_b);
	mutex_unlock(&lock_a);
	return READ_ONCE(salt) - SALT; /* keeps salt live, so it stays in every state */
}

static int ba(void *data)
{
#ifdef LATE
	WRITE_ONCE(delay, 2);
	WRITE_ONCE(delay, 3);
	WRITE_ONCE(delay, 4);
#endif
	mutex_lock(&lock_b);
	mutex_lock(&lock_a);
	mutex_unlock(&lock_a);
	mutex_unlock(&lock_b);
	return 0;
}

int main(void)
{
	salt = SALT;
	kthread_run(ab, NULL, "ab");
	kthread_run(ba, NULL, "ba");
	return 0;
}

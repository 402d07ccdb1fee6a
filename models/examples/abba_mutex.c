/*
 * The classic ABBA: one thread takes a then b, the other b then a. Lockdep predicts the inversion
 * ("possible circular locking dependency detected") as soon as both orders have been seen; with
 * --config NO_LOCKDEP the search finds the real deadlock instead.
 */
#include <lockstep/kernel.h>

static DEFINE_MUTEX(lock_a);
static DEFINE_MUTEX(lock_b);

static int ab(void *data)
{
	mutex_lock(&lock_a);
	mutex_lock(&lock_b);
	mutex_unlock(&lock_b);
	mutex_unlock(&lock_a);
	return 0;
}

static int ba(void *data)
{
	mutex_lock(&lock_b);
	mutex_lock(&lock_a);
	mutex_unlock(&lock_a);
	mutex_unlock(&lock_b);
	return 0;
}

int main(void)
{
	kthread_run(ab, NULL, "ab");
	kthread_run(ba, NULL, "ba");
	return 0;
}

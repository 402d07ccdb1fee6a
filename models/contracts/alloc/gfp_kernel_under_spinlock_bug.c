/*
 * Contract (mm/slub.c, might_alloc()): GFP_KERNEL may sleep in direct reclaim; under a spinlock that is
 * "sleeping function called from invalid context".
 * expect: sleep-in-atomic thread=main at=L
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(list_lock);
static int *slot;

int main(void)
{
	spin_lock(&list_lock);
	slot = kzalloc(sizeof(*slot), GFP_KERNEL); /* @L */
	spin_unlock(&list_lock);
	kfree(slot);
	return 0;
}

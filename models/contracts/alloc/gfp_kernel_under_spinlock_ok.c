/*
 * Contract (mm/slub.c, might_alloc()): GFP_ATOMIC never sleeps: it is the allocation for atomic context.
 *
 * expect: ok
 */
#include <lockstep/kernel.h>

static DEFINE_SPINLOCK(list_lock);
static int *slot;

int main(void)
{
	spin_lock(&list_lock);
	slot = kzalloc(sizeof(*slot), GFP_ATOMIC);
	spin_unlock(&list_lock);
	kfree(slot);
	return 0;
}

/*
 * Contract (mm/slub.c, mm/page_alloc.c): an allocation that cannot reclaim — GFP_ATOMIC, as under a spinlock — may
 * fail, and returns NULL when it does. A caller that does not check dereferences NULL: the kernel oopses.
 * expect: null-deref thread=adder at=use
 */
#include <lockstep/kernel.h>

struct entry { int value; };

static DEFINE_SPINLOCK(list_lock);
static struct entry *slot;

static int adder(void *data)
{
	struct entry *e;

	spin_lock(&list_lock);
	e = kzalloc(sizeof(*e), GFP_ATOMIC);
	e->value = 1;		/* @use */
	slot = e;
	spin_unlock(&list_lock);
	return 0;
}

int main(void)
{
	kthread_run(adder, NULL, "adder");
	return 0;
}

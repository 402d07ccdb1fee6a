/*
 * Contract (mm/page_alloc.c, mm/failslab.c): a GFP_KERNEL allocation of a small object does not fail — the allocator
 * reclaims and retries ("too small to fail") — so an unchecked one is not a bug in the default kernel. Fault injection
 * (CONFIG_FAILSLAB) makes it fail, and the unchecked caller oopses.
 * expect: ok
 * expect FAILSLAB: null-deref thread=adder at=use
 */
#include <lockstep/kernel.h>

struct entry { int value; };

static struct entry *slot;

static int adder(void *data)
{
	struct entry *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	e->value = 1;		/* @use */
	WRITE_ONCE(slot, e);
	return 0;
}

int main(void)
{
	kthread_run(adder, NULL, "adder");
	return 0;
}

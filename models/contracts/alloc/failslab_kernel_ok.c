/*
 * Contract (mm/page_alloc.c, mm/failslab.c): the GFP_KERNEL allocation is checked, so it is safe under fault
 * injection too.
 * expect: ok
 * expect FAILSLAB: ok
 */
#include <lockstep/kernel.h>

struct entry { int value; };

static struct entry *slot;

static int adder(void *data)
{
	struct entry *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->value = 1;
	WRITE_ONCE(slot, e);
	return 0;
}

int main(void)
{
	kthread_run(adder, NULL, "adder");
	return 0;
}

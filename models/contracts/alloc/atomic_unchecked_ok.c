/*
 * Contract (mm/slub.c, mm/page_alloc.c): a GFP_ATOMIC allocation may fail; the caller checks for NULL and backs out.
 * expect: ok
 * expect FAILSLAB: ok
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
	if (!e) {
		spin_unlock(&list_lock);
		return -ENOMEM;
	}
	e->value = 1;
	slot = e;
	spin_unlock(&list_lock);
	return 0;
}

int main(void)
{
	kthread_run(adder, NULL, "adder");
	return 0;
}

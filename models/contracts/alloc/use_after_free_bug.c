/*
 * Contract (mm/slub.c + KASAN): memory is not to be touched after kfree(); a thread still holding the pointer
 * reads freed memory.
 * expect: use-after-free thread=reader at=L
 */
#include <lockstep/kernel.h>

struct item { int v; };
static struct item *shared;

static int reader(void *data)
{
	struct item *it = READ_ONCE(shared);

	return it->v; /* @L */
}

int main(void)
{
	shared = kzalloc(sizeof(*shared), GFP_KERNEL);
	kthread_run(reader, NULL, "reader");
	kfree(shared);
	return 0;
}

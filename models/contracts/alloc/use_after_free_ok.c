/*
 * Contract (mm/slub.c): free only once every user is done (here: the reader completes before the free).
 * expect: ok
 */
#include <lockstep/kernel.h>

struct item { int v; };
static struct item *shared;
static DECLARE_COMPLETION(done);

static int reader(void *data)
{
	struct item *it = READ_ONCE(shared);
	int v = it->v;

	complete(&done);
	return v;
}

int main(void)
{
	shared = kzalloc(sizeof(*shared), GFP_KERNEL);
	kthread_run(reader, NULL, "reader");
	wait_for_completion(&done);
	kfree(shared);
	return 0;
}

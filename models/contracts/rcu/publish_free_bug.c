/*
 * A reader follows a published pointer while the updater unpublishes and frees the object straight
 * away — no grace period (Documentation/RCU/whatisRCU.rst). In some interleaving the reader dereferences
 * freed memory: use-after-free.
 * expect: use-after-free
 */
#include <lockstep/kernel.h>

struct config {
	int value;
};

static struct config *current_config;

static int reader(void *data)
{
	struct config *c;

	c = READ_ONCE(current_config);
	if (c)
		assert(c->value == 42);
	return 0;
}

static int updater(void *data)
{
	struct config *old = current_config;

	WRITE_ONCE(current_config, NULL);
	kfree(old);
	return 0;
}

int main(void)
{
	struct config *c = kzalloc(sizeof(*c), GFP_KERNEL);

	c->value = 42;
	current_config = c;
	kthread_run(reader, NULL, "reader");
	kthread_run(updater, NULL, "updater");
	return 0;
}

/*
 * The RCU-protected version: the reader dereferences inside rcu_read_lock(), the updater waits for a
 * grace period with synchronize_rcu() before kfree(). Every interleaving is safe.
 * expect: ok
 */
#include <lockstep/kernel.h>

struct config {
	int value;
};

static struct config __rcu *current_config;

static int reader(void *data)
{
	struct config *c;

	rcu_read_lock();
	c = rcu_dereference(current_config);
	if (c)
		assert(c->value == 42);
	rcu_read_unlock();
	return 0;
}

static int updater(void *data)
{
	struct config *old = current_config;

	rcu_assign_pointer(current_config, NULL);
	synchronize_rcu();
	kfree(old);
	return 0;
}

int main(void)
{
	struct config *c = kzalloc(sizeof(*c), GFP_KERNEL);

	c->value = 42;
	rcu_assign_pointer(current_config, c);
	kthread_run(reader, NULL, "reader");
	kthread_run(updater, NULL, "updater");
	return 0;
}

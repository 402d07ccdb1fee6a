/*
 * SRCU self-deadlock through an ops-table callback — the shape of the seed's bug in miniature.
 *
 * A notifier core walks its subscribers under srcu_read_lock(&srcu) and calls each one's ->enter() op
 * (as __mmu_notifier_oom_enter() does in the seed's patch). The subscriber's op unregisters itself, and
 * unregistering waits for an SRCU grace period (as mmu_notifier_unregister() does with synchronize_srcu()).
 * The grace period waits for the very read section it is called from: lockdep reports
 * "possible recursive locking detected" on the srcu class; without lockdep the thread hangs forever.
 */
#include <lockstep/kernel.h>

DEFINE_STATIC_SRCU(srcu);

struct subscriber;

struct subscriber_ops {
	void (*enter)(struct subscriber *sub);
};

struct subscriber {
	const struct subscriber_ops *ops;
	int registered;
};

static void core_unregister(struct subscriber *sub)
{
	sub->registered = 0;
	synchronize_srcu(&srcu);        /* wait for every walker of the list */
}

static void subscriber_enter(struct subscriber *sub)
{
	core_unregister(sub);           /* called under srcu_read_lock(&srcu): never returns */
}

static const struct subscriber_ops sub_ops = {
	.enter = subscriber_enter,
};

static struct subscriber the_sub = {
	.ops = &sub_ops,
	.registered = 1,
};

static void core_enter(void)
{
	int id;

	id = srcu_read_lock(&srcu);
	if (the_sub.registered && the_sub.ops->enter)
		the_sub.ops->enter(&the_sub);
	srcu_read_unlock(&srcu, id);
}

static int walker(void *data)
{
	core_enter();
	return 0;
}

int main(void)
{
	kthread_run(walker, NULL, "walker");
	return 0;
}

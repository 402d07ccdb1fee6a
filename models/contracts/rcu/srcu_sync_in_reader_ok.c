/*
 * Contract (kernel/rcu/srcutree.c): inside a reader, defer the free with call_srcu() instead of waiting.
 * expect: ok
 * expect NO_LOCKDEP: ok
 */
#include <lockstep/kernel.h>

DEFINE_STATIC_SRCU(srcu);

struct obj { struct rcu_head rcu; int v; };

static void obj_free(struct rcu_head *head)
{
	kfree(container_of(head, struct obj, rcu));
}

int main(void)
{
	struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);
	int idx = srcu_read_lock(&srcu);

	call_srcu(&srcu, &o->rcu, obj_free);
	srcu_read_unlock(&srcu, idx);
	srcu_barrier(&srcu);
	return 0;
}

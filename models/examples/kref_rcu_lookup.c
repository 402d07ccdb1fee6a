/*
 * The kref + RCU lookup idiom (Documentation/core-api/kref.rst, "kref_get_unless_zero"): a reader finds the object
 * under rcu_read_lock() and takes a reference only while the count is not zero; the owner unpublishes the object,
 * waits for readers (synchronize_rcu()) and then drops its reference, so the last put frees memory no reader can
 * still reach.
 * -D EARLY_PUT drops the owner's reference before unpublishing: the reader can find the object after its last
 * reference is gone and freed, and kref_get_unless_zero() reads freed memory (KASAN slab-use-after-free, with the
 * "Freed by" stack of obj_release()).
 */
#include <lockstep/kernel.h>

struct obj {
	struct kref ref;
	int value;
};

static struct obj __rcu *published;
static DEFINE_SPINLOCK(publish_lock);

static void obj_release(struct kref *ref)
{
	struct obj *o = container_of(ref, struct obj, ref);

	kfree(o);
}

static int lookup(void *data)
{
	struct obj *o;

	rcu_read_lock();
	o = rcu_dereference(published);
	if (o && !kref_get_unless_zero(&o->ref))
		o = NULL;
	rcu_read_unlock();
	if (!o)
		return 0;
	WRITE_ONCE(o->value, 1);
	kref_put(&o->ref, obj_release);
	return 0;
}

int main(void)
{
	struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return -ENOMEM;
	kref_init(&o->ref);
	rcu_assign_pointer(published, o);
	kthread_run(lookup, NULL, "lookup");
#ifdef EARLY_PUT
	kref_put(&o->ref, obj_release);
#endif
	spin_lock(&publish_lock);
	RCU_INIT_POINTER(published, NULL);
	spin_unlock(&publish_lock);
	synchronize_rcu();
#ifndef EARLY_PUT
	kref_put(&o->ref, obj_release);
#endif
	return 0;
}

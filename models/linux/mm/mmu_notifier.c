/* mm/mmu_notifier.c — the hlist half of the MMU-notifier core (interval-tree subscribers not modelled).
 * Modelled on the v6.6-era file (torvalds/linux mm/mmu_notifier.c; the v5.12 failure unwind, c2655835fd8c),
 * plus the seed's __mmu_notifier_oom_enter() and v2's detach-on-OOM with call_srcu(). */
#include <linux/mmu_notifier.h>
#include <linux/mmap_lock.h>
#include <linux/sched_mm.h>

/* mm/mmu_notifier.c: the global SRCU domain of every mm's notifier list */
DEFINE_STATIC_SRCU(srcu);

/* mm/mmu_notifier.c: the lockdep map that stands for "inside an invalidation" (CONFIG_LOCKDEP) */
struct lockdep_map __mmu_notifier_invalidate_range_start_map = {
	.name = "mmu_notifier_invalidate_range_start"
};

/* mm/mmu_notifier.c: mn_hlist_release() — ->release of every subscriber under the SRCU read side, unhash them
 * all under subscriptions->lock, then wait for a concurrent mmu_notifier_unregister()'s ->release. */
static void mn_hlist_release(struct mmu_notifier_subscriptions *subscriptions, struct mm_struct *mm)
{
	struct mmu_notifier *subscription;
	int id;

	id = srcu_read_lock(&srcu);
	hlist_for_each_entry_rcu(subscription, &subscriptions->list, hlist, srcu_read_lock_held(&srcu))
		if (subscription->ops->release)
			subscription->ops->release(subscription, mm);

	spin_lock(&subscriptions->lock);
	while (!hlist_empty(&subscriptions->list)) {
		subscription = hlist_entry(subscriptions->list.first, struct mmu_notifier, hlist);
		hlist_del_init_rcu(&subscription->hlist);
	}
	spin_unlock(&subscriptions->lock);
	srcu_read_unlock(&srcu, id);

	synchronize_srcu(&srcu);
}

/* mm/mmu_notifier.c: __mmu_notifier_release() (from exit_mmap(), mm_users == 0) */
static void __mmu_notifier_release(struct mm_struct *mm)
{
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;

	if (!hlist_empty(&subscriptions->list))
		mn_hlist_release(subscriptions, mm);
}

#ifdef MMU_NOTIFIER_OOM_ENTER
/* mm/mmu_notifier.c: __mmu_notifier_oom_enter() — the seed's patch (Mar 2026): walk the hlist under the global
 * SRCU read side and call every subscriber's ->oom_enter. */
static void __mmu_notifier_oom_enter(struct mm_struct *mm)
{
	struct mmu_notifier *subscription;
	int id;

	pr_info("Entering :func:%s\n", "__mmu_notifier_oom_enter");
	if (!mm->notifier_subscriptions)
		return;

	id = srcu_read_lock(&srcu);
	hlist_for_each_entry_rcu(subscription, &mm->notifier_subscriptions->list, hlist, rcu_read_lock_held(&srcu)) {
		if (subscription->ops->oom_enter)
			subscription->ops->oom_enter(subscription, mm);
	}
	srcu_read_unlock(&srcu, id);
	pr_info("Done:%s\n", "__mmu_notifier_oom_enter");
}
#endif

#ifdef AFTER_OOM_UNREGISTER
/* v2 (Apr 2026, "mm/mmu_notifier: Add async OOM cleanup via call_srcu()"): the deferred part of an OOM detach.
 * The v2 text describes: detach with hlist_del_init, call_srcu(), then ->after_oom_unregister after the grace
 * period; a GFP_ATOMIC allocation that may fail. The container below is our reading of that allocation. */
struct mmu_notifier_oom_unregister {
	struct rcu_head rcu;
	struct mmu_notifier *subscription;
	struct mm_struct *mm;
};

/* v2: mm/mmu_notifier.c: the call_srcu() callback — runs after a grace period, BH disabled, cannot sleep */
static void mmu_notifier_oom_unregister_rcu(struct rcu_head *rcu)
{
	struct mmu_notifier_oom_unregister *u = container_of(rcu, struct mmu_notifier_oom_unregister, rcu);

	u->subscription->ops->after_oom_unregister(u->subscription, u->mm);
	kfree(u);
}

/* v2: mm/mmu_notifier.c: __mmu_notifier_oom_enter() — called by the OOM reaper before it reaps: detach every
 * subscriber that implements ->after_oom_unregister, so that the non-blockable invalidations that follow no
 * longer reach it; finish the unregistration asynchronously. A failed GFP_ATOMIC allocation leaves the
 * subscriber attached ("tolerated"); the model's allocator does not fail, so that branch is not explored. */
static void __mmu_notifier_oom_enter(struct mm_struct *mm)
{
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;
	struct mmu_notifier *subscription;
	struct hlist_node *n;
	struct mmu_notifier_oom_unregister *u;

	spin_lock(&subscriptions->lock);
	hlist_for_each_entry_safe(subscription, n, &subscriptions->list, hlist) {
		if (!subscription->ops->after_oom_unregister)
			continue;
		u = kzalloc(sizeof(*u), GFP_ATOMIC);
		if (!u)
			continue;
		u->subscription = subscription;
		u->mm = mm;
		hlist_del_init_rcu(&subscription->hlist);
		call_srcu(&srcu, &u->rcu, mmu_notifier_oom_unregister_rcu);
	}
	spin_unlock(&subscriptions->lock);
}

/* v2: include/linux/mmu_notifier.h: mmu_notifier_barrier() — wait for queued after_oom_unregister callbacks */
static void mmu_notifier_barrier(void)
{
	srcu_barrier(&srcu);
}
#endif

/* mm/mmu_notifier.c: mn_hlist_invalidate_range_start() — every subscriber's start under the SRCU read side;
 * non-blockable callbacks inside non_block_start()/non_block_end(); on failure, call every ->invalidate_range_end
 * so that subscribers whose start succeeded get their end (the unwind of c2655835fd8c). */
static int mn_hlist_invalidate_range_start(struct mmu_notifier_subscriptions *subscriptions,
					   struct mmu_notifier_range *range)
{
	struct mmu_notifier *subscription;
	int ret = 0;
	int id;

	id = srcu_read_lock(&srcu);
	hlist_for_each_entry_rcu(subscription, &subscriptions->list, hlist, srcu_read_lock_held(&srcu)) {
		const struct mmu_notifier_ops *ops = subscription->ops;

		if (ops->invalidate_range_start) {
			int _ret;

#ifdef OOM_REAP_MAY_WAIT
			if (!mmu_notifier_range_blockable(range) && ops->oom_reap_may_wait) {
				struct mmu_notifier_range may_wait;

				/* the fix: a subscriber that never waits for the reaped task is called as blockable */
				mmu_notifier_range_init(&may_wait, range->event, range->flags | MMU_NOTIFIER_RANGE_BLOCKABLE,
							range->mm, range->start, range->end);
				_ret = ops->invalidate_range_start(subscription, &may_wait);
				WARN_ON(_ret);
				continue;
			}
#endif
			if (!mmu_notifier_range_blockable(range))
				non_block_start();
			_ret = ops->invalidate_range_start(subscription, range);
			if (!mmu_notifier_range_blockable(range))
				non_block_end();
			if (_ret) {
				pr_info("%pS callback failed with %d in %sblockable context.\n",
					ops->invalidate_range_start, _ret,
					!mmu_notifier_range_blockable(range) ? "non-" : "");
				WARN_ON(mmu_notifier_range_blockable(range) || _ret != -EAGAIN);
				/* a start that can fail must not have an end: nobody tells it its start failed */
				WARN_ON(ops->invalidate_range_end);
				ret = _ret;
			}
		}
	}

	if (ret) {
		/* Must be non-blocking to get here: give every subscriber that has an end its end now. */
		hlist_for_each_entry_rcu(subscription, &subscriptions->list, hlist, srcu_read_lock_held(&srcu)) {
			if (!subscription->ops->invalidate_range_end)
				continue;
			subscription->ops->invalidate_range_end(subscription, range);
		}
	}
	srcu_read_unlock(&srcu, id);

	return ret;
}

/* mm/mmu_notifier.c: __mmu_notifier_invalidate_range_start() */
static int __mmu_notifier_invalidate_range_start(struct mmu_notifier_range *range)
{
	struct mmu_notifier_subscriptions *subscriptions = range->mm->notifier_subscriptions;

	if (!hlist_empty(&subscriptions->list))
		return mn_hlist_invalidate_range_start(subscriptions, range);
	return 0;
}

/* mm/mmu_notifier.c: mn_hlist_invalidate_end() */
static void mn_hlist_invalidate_end(struct mmu_notifier_subscriptions *subscriptions,
				    struct mmu_notifier_range *range)
{
	struct mmu_notifier *subscription;
	int id;

	id = srcu_read_lock(&srcu);
	hlist_for_each_entry_rcu(subscription, &subscriptions->list, hlist, srcu_read_lock_held(&srcu)) {
		if (subscription->ops->invalidate_range_end) {
#ifdef OOM_REAP_MAY_WAIT
			if (!mmu_notifier_range_blockable(range) && subscription->ops->oom_reap_may_wait) {
				struct mmu_notifier_range may_wait;

				mmu_notifier_range_init(&may_wait, range->event, range->flags | MMU_NOTIFIER_RANGE_BLOCKABLE,
							range->mm, range->start, range->end);
				subscription->ops->invalidate_range_end(subscription, &may_wait);
				continue;
			}
#endif
			if (!mmu_notifier_range_blockable(range))
				non_block_start();
			subscription->ops->invalidate_range_end(subscription, range);
			if (!mmu_notifier_range_blockable(range))
				non_block_end();
		}
	}
	srcu_read_unlock(&srcu, id);
}

/* mm/mmu_notifier.c: __mmu_notifier_invalidate_range_end() */
static void __mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range)
{
	struct mmu_notifier_subscriptions *subscriptions = range->mm->notifier_subscriptions;

	lock_map_acquire(&__mmu_notifier_invalidate_range_start_map);
	if (!hlist_empty(&subscriptions->list))
		mn_hlist_invalidate_end(subscriptions, range);
	lock_map_release(&__mmu_notifier_invalidate_range_start_map);
}

/* mm/mmu_notifier.c: __mmu_notifier_register() — caller holds mmap_lock for write. mm_take_all_locks() is not
 * modelled (no rmap locks in the model); the CONFIG_LOCKDEP priming of the map (fs_reclaim) neither. */
static int __mmu_notifier_register(struct mmu_notifier *subscription, struct mm_struct *mm)
{
	struct mmu_notifier_subscriptions *subscriptions = NULL;

	BUG_ON(atomic_read(&mm->mm_users) <= 0);

	if (!mm->notifier_subscriptions) {
		/* kmalloc cannot be called under mm_take_all_locks() */
		subscriptions = kzalloc(sizeof(struct mmu_notifier_subscriptions), GFP_KERNEL);
		if (!subscriptions)
			return -ENOMEM;
		INIT_HLIST_HEAD(&subscriptions->list);
		spin_lock_init(&subscriptions->lock);
		subscriptions->invalidate_seq = 2;
	}

	if (subscriptions)
		smp_store_release(&mm->notifier_subscriptions, subscriptions);

	/* Pairs with the mmdrop in mmu_notifier_unregister_* */
	mmgrab(mm);
	subscription->mm = mm;
	subscription->users = 1;

	spin_lock(&mm->notifier_subscriptions->lock);
	hlist_add_head_rcu(&subscription->hlist, &mm->notifier_subscriptions->list);
	spin_unlock(&mm->notifier_subscriptions->lock);

	BUG_ON(atomic_read(&mm->mm_users) <= 0);
	return 0;
}

/* mm/mmu_notifier.c: mmu_notifier_register() */
static int mmu_notifier_register(struct mmu_notifier *subscription, struct mm_struct *mm)
{
	int ret;

	mmap_write_lock(mm);
	ret = __mmu_notifier_register(subscription, mm);
	mmap_write_unlock(mm);
	return ret;
}

/* mm/mmu_notifier.c: mmu_notifier_unregister() — may sleep; must not be called from a notifier callback nor
 * inside srcu's read side: ->release if still hashed, unhash, then synchronize_srcu(&srcu), then mmdrop. */
static void mmu_notifier_unregister(struct mmu_notifier *subscription, struct mm_struct *mm)
{
	BUG_ON(atomic_read(&mm->mm_count) <= 0);

	if (!hlist_unhashed(&subscription->hlist)) {
		int id;

		/* SRCU here will force exit_mmap to wait for ->release to finish before freeing the pages. */
		id = srcu_read_lock(&srcu);
		if (subscription->ops->release)
			subscription->ops->release(subscription, mm);
		srcu_read_unlock(&srcu, id);

		spin_lock(&mm->notifier_subscriptions->lock);
		/* Can not use list_del_rcu() since __mmu_notifier_release can delete it before we hold the lock. */
		hlist_del_init_rcu(&subscription->hlist);
		spin_unlock(&mm->notifier_subscriptions->lock);
	}

	/* Wait for any running method to finish, including ->release if mmu_notifier_release ran it. */
	synchronize_srcu(&srcu);

	BUG_ON(atomic_read(&mm->mm_count) <= 0);

	mmdrop(mm);
}

/* mm/mmu_notifier.c: __mmu_notifier_subscriptions_destroy() (from __mmdrop) */
static void __mmu_notifier_subscriptions_destroy(struct mm_struct *mm)
{
	BUG_ON(!hlist_empty(&mm->notifier_subscriptions->list));
	kfree(mm->notifier_subscriptions);
	mm->notifier_subscriptions = NULL;
}

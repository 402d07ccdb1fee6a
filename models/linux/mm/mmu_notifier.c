/* mm/mmu_notifier.c — the MMU-notifier core: the hlist of classic subscribers and, under WITH_ITREE, the interval
 * tree of mmu_interval_notifier subscribers (v5.5+: the invalidate_seq parity protocol, active_invalidate_ranges, the
 * deferred insert/remove list, subscriptions->wq). Modelled on the v6.6-era file (torvalds/linux mm/mmu_notifier.c;
 * the v5.12 failure unwind, c2655835fd8c), plus the seed's __mmu_notifier_oom_enter() and v2's detach-on-OOM with
 * call_srcu(). WITH_ITREE is 0 in kvm_oom.c, whose actors never insert an interval notifier (has_itree stays false
 * there, and the itree half would only add steps that read it).
 * Fix variants: MN_ITREE_END_ON_HLIST_FAILURE (docs/findings/itree-hlist-unwind.md), MN_ITREE_SEQ_AFTER_DEFERRED
 * (docs/findings/itree-deferred-remove.md). */
#include <linux/mmu_notifier.h>
#include <linux/mmap_lock.h>
#include <linux/sched_mm.h>

/* mm/mmu_notifier.c: the global SRCU domain of every mm's notifier list */
DEFINE_STATIC_SRCU(srcu);

/* mm/mmu_notifier.c: the lockdep map that stands for "inside an invalidation" (CONFIG_LOCKDEP) */
struct lockdep_map __mmu_notifier_invalidate_range_start_map = {
	.name = "mmu_notifier_invalidate_range_start"
};

#ifndef WITH_ITREE
#define WITH_ITREE 0
#endif

/* Both fixes of docs/findings/ at once (lockstep matrix --variants MN_ITREE_FIXED) */
#ifdef MN_ITREE_FIXED
#ifndef MN_ITREE_END_ON_HLIST_FAILURE
#define MN_ITREE_END_ON_HLIST_FAILURE 1
#endif
#ifndef MN_ITREE_SEQ_AFTER_DEFERRED
#define MN_ITREE_SEQ_AFTER_DEFERRED 1
#endif
#endif

#if WITH_ITREE
/*
 * The interval tree's write side (mm/mmu_notifier.c, the comment above mn_itree_is_invalidating()): while any
 * invalidation is in flight active_invalidate_ranges != 0; while one overlaps an interval subscription
 * invalidate_seq is odd and the tree may not change (inserts and removes go to deferred_list); the last
 * mn_itree_inv_end() makes it even, applies the deferred changes and wakes subscriptions->wq.
 */

/* mm/mmu_notifier.c: mn_itree_is_invalidating() (lockdep_assert_held(&subscriptions->lock) in the kernel) */
static bool mn_itree_is_invalidating(struct mmu_notifier_subscriptions *subscriptions)
{
	return subscriptions->invalidate_seq & 1;
}

/* include/linux/interval_tree.h: interval_tree_iter_first/next over the list that stands for the tree: the first
 * subscription at or after @from that overlaps [start, last] */
static struct mmu_interval_notifier *mn_itree_overlapping(struct hlist_node *from, unsigned long start,
							  unsigned long last)
{
	struct hlist_node *node;

	for (node = from; node; node = node->next) {
		struct mmu_interval_notifier *interval_sub =
			container_of(node, struct mmu_interval_notifier, interval_tree.rb);

		if (interval_sub->interval_tree.start <= last && start <= interval_sub->interval_tree.last)
			return interval_sub;
	}
	return NULL;
}

/* mm/mmu_notifier.c: mn_itree_inv_start_range() — counts the invalidation in, and makes the sequence odd if a
 * subscription overlaps the range */
static struct mmu_interval_notifier *mn_itree_inv_start_range(struct mmu_notifier_subscriptions *subscriptions,
							      const struct mmu_notifier_range *range,
							      unsigned long *seq)
{
	struct mmu_interval_notifier *res;

	spin_lock(&subscriptions->lock);
	subscriptions->active_invalidate_ranges++;
	res = mn_itree_overlapping(subscriptions->itree.first, range->start, range->end - 1);
	if (res)
		subscriptions->invalidate_seq |= 1;
	*seq = subscriptions->invalidate_seq;
	spin_unlock(&subscriptions->lock);
	return res;
}

/* mm/mmu_notifier.c: mn_itree_inv_next() */
static struct mmu_interval_notifier *mn_itree_inv_next(struct mmu_interval_notifier *interval_sub,
						       const struct mmu_notifier_range *range)
{
	return mn_itree_overlapping(interval_sub->interval_tree.rb.next, range->start, range->end - 1);
}

/* mm/mmu_notifier.c: mn_itree_inv_end() — the last invalidation out makes the sequence even, applies the deferred
 * inserts and removes, and wakes mmu_interval_read_begin() and mmu_interval_notifier_remove() */
static void mn_itree_inv_end(struct mmu_notifier_subscriptions *subscriptions)
{
	struct mmu_interval_notifier *interval_sub;
	struct hlist_node *next;

	spin_lock(&subscriptions->lock);
	if (--subscriptions->active_invalidate_ranges || !mn_itree_is_invalidating(subscriptions)) {
		spin_unlock(&subscriptions->lock);
		return;
	}

#ifndef MN_ITREE_SEQ_AFTER_DEFERRED
	/* Make invalidate_seq even */
	subscriptions->invalidate_seq++;
#endif

	hlist_for_each_entry_safe(interval_sub, next, &subscriptions->deferred_list, deferred_item) {
		if (!interval_sub->interval_tree.in_tree) {
			hlist_add_head(&interval_sub->interval_tree.rb, &subscriptions->itree);
			interval_sub->interval_tree.in_tree = true;
		} else {
			hlist_del(&interval_sub->interval_tree.rb);
			interval_sub->interval_tree.in_tree = false;
		}
		hlist_del(&interval_sub->deferred_item);
	}
#ifdef MN_ITREE_SEQ_AFTER_DEFERRED
	/* The fix: mmu_interval_notifier_remove() waits for this store without the lock, and its caller frees the
	 * subscription as soon as it sees it: make the sequence even only once the deferred list is done with. */
	subscriptions->invalidate_seq++;
#endif
	spin_unlock(&subscriptions->lock);

	wake_up_all(&subscriptions->wq);
}

/* mm/mmu_notifier.c: mmu_interval_read_begin() — sleeps while an invalidation that reached this subscription is in
 * flight; the lock map tells lockdep it waits for invalidations */
static unsigned long mmu_interval_read_begin(struct mmu_interval_notifier *interval_sub)
{
	struct mmu_notifier_subscriptions *subscriptions = interval_sub->mm->notifier_subscriptions;
	unsigned long seq;
	bool is_invalidating;

	spin_lock(&subscriptions->lock);
	/* Pairs with the WRITE_ONCE in mmu_interval_set_seq() */
	seq = READ_ONCE(interval_sub->invalidate_seq);
	is_invalidating = seq == subscriptions->invalidate_seq;
	spin_unlock(&subscriptions->lock);

	lock_map_acquire(&__mmu_notifier_invalidate_range_start_map);
	lock_map_release(&__mmu_notifier_invalidate_range_start_map);
	if (is_invalidating)
		wait_event(subscriptions->wq, READ_ONCE(subscriptions->invalidate_seq) != seq);

	return seq;
}

/* mm/mmu_notifier.c: mn_itree_release() — exit_mmap's blockable invalidation of the whole address space */
static void mn_itree_release(struct mmu_notifier_subscriptions *subscriptions, struct mm_struct *mm)
{
	struct mmu_notifier_range range = {
		.flags = MMU_NOTIFIER_RANGE_BLOCKABLE,
		.event = MMU_NOTIFY_RELEASE,
		.mm = mm,
		.start = 0,
		.end = ULONG_MAX,
	};
	struct mmu_interval_notifier *interval_sub;
	unsigned long cur_seq;
	bool ret;

	for (interval_sub = mn_itree_inv_start_range(subscriptions, &range, &cur_seq); interval_sub;
	     interval_sub = mn_itree_inv_next(interval_sub, &range)) {
		ret = interval_sub->ops->invalidate(interval_sub, &range, cur_seq);
		WARN_ON(!ret);
	}

	mn_itree_inv_end(subscriptions);
}

/* mm/mmu_notifier.c: mn_itree_invalidate() — a subscriber that cannot handle a non-blockable range makes the whole
 * start fail with -EAGAIN, after ending the tree's part itself ("the non-blocking caller is not allowed to call
 * invalidate_range_end()") */
static int mn_itree_invalidate(struct mmu_notifier_subscriptions *subscriptions,
			       const struct mmu_notifier_range *range)
{
	struct mmu_interval_notifier *interval_sub;
	unsigned long cur_seq;

	for (interval_sub = mn_itree_inv_start_range(subscriptions, range, &cur_seq); interval_sub;
	     interval_sub = mn_itree_inv_next(interval_sub, range)) {
		bool ret;

		ret = interval_sub->ops->invalidate(interval_sub, range, cur_seq);
		if (!ret) {
			if (WARN_ON(mmu_notifier_range_blockable(range)))
				continue;
			goto out_would_block;
		}
	}
	return 0;

out_would_block:
	mn_itree_inv_end(subscriptions);
	return -EAGAIN;
}
#endif

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

#if WITH_ITREE
	if (subscriptions->has_itree)
		mn_itree_release(subscriptions, mm);
#endif
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
	int ret;

#if WITH_ITREE
	if (subscriptions->has_itree) {
		ret = mn_itree_invalidate(subscriptions, range);
		if (ret)
			return ret;
	}
#endif
	if (!hlist_empty(&subscriptions->list)) {
		ret = mn_hlist_invalidate_range_start(subscriptions, range);
#if WITH_ITREE && defined(MN_ITREE_END_ON_HLIST_FAILURE)
		/* The fix: a failed start gets no _end() from its (non-blocking) caller, so the interval tree's half of
		 * this start — active_invalidate_ranges raised, invalidate_seq perhaps odd — is ended here, as
		 * mn_itree_invalidate() does for its own failure and the hlist unwind (c2655835fd8c) does for the hlist. */
		if (ret && subscriptions->has_itree)
			mn_itree_inv_end(subscriptions);
#endif
		return ret;
	}
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
#if WITH_ITREE
	if (subscriptions->has_itree)
		mn_itree_inv_end(subscriptions);
#endif
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
		INIT_HLIST_HEAD(&subscriptions->itree);
		init_waitqueue_head(&subscriptions->wq);
		INIT_HLIST_HEAD(&subscriptions->deferred_list);
	}

	if (subscriptions)
		smp_store_release(&mm->notifier_subscriptions, subscriptions);

	if (!subscription) {
		/* A NULL subscription registers the mm for interval notifiers: has_itree never goes back to false. */
		mm->notifier_subscriptions->has_itree = true;
		return 0;
	}

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

#if WITH_ITREE
static int __mmu_notifier_register(struct mmu_notifier *subscription, struct mm_struct *mm);

/* mm/mmu_notifier.c: __mmu_interval_notifier_insert() — while an invalidation is in flight the new range counts as
 * invalidated: the tree takes it at once only if no invalidation overlaps a subscription (and the sequence turns
 * odd), else it waits on deferred_list for the last mn_itree_inv_end(); its own sequence starts odd either way */
static int __mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub, struct mm_struct *mm,
					  struct mmu_notifier_subscriptions *subscriptions, unsigned long start,
					  unsigned long length, const struct mmu_interval_notifier_ops *ops)
{
	interval_sub->mm = mm;
	interval_sub->ops = ops;
	interval_sub->interval_tree.in_tree = false;
	interval_sub->interval_tree.start = start;
	if (length == 0)
		return -EOVERFLOW;
	interval_sub->interval_tree.last = start + length - 1;

	/* pairs with mmdrop in mmu_interval_notifier_remove() */
	mmgrab(mm);

	spin_lock(&subscriptions->lock);
	if (subscriptions->active_invalidate_ranges) {
		if (mn_itree_is_invalidating(subscriptions)) {
			hlist_add_head(&interval_sub->deferred_item, &subscriptions->deferred_list);
		} else {
			subscriptions->invalidate_seq |= 1;
			hlist_add_head(&interval_sub->interval_tree.rb, &subscriptions->itree);
			interval_sub->interval_tree.in_tree = true;
		}
		interval_sub->invalidate_seq = subscriptions->invalidate_seq;
	} else {
		WARN_ON(mn_itree_is_invalidating(subscriptions));
		interval_sub->invalidate_seq = subscriptions->invalidate_seq - 1;
		hlist_add_head(&interval_sub->interval_tree.rb, &subscriptions->itree);
		interval_sub->interval_tree.in_tree = true;
	}
	spin_unlock(&subscriptions->lock);
	return 0;
}

/* mm/mmu_notifier.c: mmu_interval_notifier_insert() — registers the mm for interval notifiers first if needed */
static int mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub, struct mm_struct *mm,
					unsigned long start, unsigned long length,
					const struct mmu_interval_notifier_ops *ops)
{
	struct mmu_notifier_subscriptions *subscriptions;
	int ret;

	subscriptions = smp_load_acquire(&mm->notifier_subscriptions);
	if (!subscriptions || !subscriptions->has_itree) {
		mmap_write_lock(mm);
		ret = __mmu_notifier_register(NULL, mm);
		mmap_write_unlock(mm);
		if (ret)
			return ret;
		subscriptions = mm->notifier_subscriptions;
	}
	return __mmu_interval_notifier_insert(interval_sub, mm, subscriptions, start, length, ops);
}

/* mm/mmu_notifier.c: mmu_interval_notifier_remove() — may sleep until the invalidation that holds the tree ends;
 * "cannot be called from any ops callback" */
static void mmu_interval_notifier_remove(struct mmu_interval_notifier *interval_sub)
{
	struct mm_struct *mm = interval_sub->mm;
	struct mmu_notifier_subscriptions *subscriptions = mm->notifier_subscriptions;
	unsigned long seq = 0;

	might_sleep();

	spin_lock(&subscriptions->lock);
	if (mn_itree_is_invalidating(subscriptions)) {
		/* remove is being called after insert put this on the deferred list, but before it was processed */
		if (!interval_sub->interval_tree.in_tree) {
			hlist_del(&interval_sub->deferred_item);
		} else {
			hlist_add_head(&interval_sub->deferred_item, &subscriptions->deferred_list);
			seq = subscriptions->invalidate_seq;
		}
	} else {
		WARN_ON(!interval_sub->interval_tree.in_tree);
		hlist_del(&interval_sub->interval_tree.rb);
		interval_sub->interval_tree.in_tree = false;
	}
	spin_unlock(&subscriptions->lock);

	lock_map_acquire(&__mmu_notifier_invalidate_range_start_map);
	lock_map_release(&__mmu_notifier_invalidate_range_start_map);
	if (seq)
		wait_event(subscriptions->wq, READ_ONCE(subscriptions->invalidate_seq) != seq);

	/* pairs with mmgrab in mmu_interval_notifier_insert() */
	mmdrop(mm);
}
#endif


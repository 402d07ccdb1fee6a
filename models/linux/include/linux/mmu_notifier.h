/* include/linux/mmu_notifier.h — the ops contract, the subscription, the range, and the inline wrappers that
 * carry the lockdep instrumentation (lock_map_acquire/release of __mmu_notifier_invalidate_range_start_map and
 * might_sleep()), as in the v6.9+ header (no change_pte, has arch_invalidate_secondary_tlbs).
 *
 * Variant additions:
 *  - oom_enter (the seed's patch, Mar 2026): OOM_ENTER_SYNC_UNREGISTER, OOM_ENTER_DEFERRED_UNREGISTER,
 *    OOM_ENTER_FLAG_EARLY_RETURN;
 *  - after_oom_unregister + mmu_notifier_barrier() (v2, Apr 2026): AFTER_OOM_UNREGISTER.
 * Interval-tree subscribers (struct mmu_interval_notifier, v5.5+) are declared at the end of this file and
 * implemented in mm/mmu_notifier.c under WITH_ITREE (see there). */
#pragma once
#include <lockstep/kernel.h>
#include <linux/mm_types.h>

#if defined(OOM_ENTER_SYNC_UNREGISTER) || defined(OOM_ENTER_DEFERRED_UNREGISTER) || defined(OOM_ENTER_FLAG_EARLY_RETURN)
#define MMU_NOTIFIER_OOM_ENTER 1
#endif

struct mmu_notifier;
struct mmu_notifier_range;

/* include/linux/mmu_notifier.h: enum mmu_notifier_event */
enum mmu_notifier_event {
	MMU_NOTIFY_UNMAP = 0,
	MMU_NOTIFY_CLEAR,
	MMU_NOTIFY_PROTECTION_VMA,
	MMU_NOTIFY_PROTECTION_PAGE,
	MMU_NOTIFY_SOFT_DIRTY,
	MMU_NOTIFY_RELEASE,
	MMU_NOTIFY_MIGRATE,
	MMU_NOTIFY_EXCLUSIVE,
};

#define MMU_NOTIFIER_RANGE_BLOCKABLE (1 << 0)

/* include/linux/mmu_notifier.h: struct mmu_notifier_ops */
struct mmu_notifier_ops {
	void (*release)(struct mmu_notifier *subscription, struct mm_struct *mm);
#ifdef MMU_NOTIFIER_OOM_ENTER
	/* The seed: called when the OOM killer picks this mm, before any invalidation ("called in atomic
	 * context. It must not sleep or use any locks that may block"). */
	void (*oom_enter)(struct mmu_notifier *subscription, struct mm_struct *mm);
#endif
	int (*clear_flush_young)(struct mmu_notifier *subscription, struct mm_struct *mm,
				 unsigned long start, unsigned long end);
	int (*clear_young)(struct mmu_notifier *subscription, struct mm_struct *mm,
			   unsigned long start, unsigned long end);
	int (*test_young)(struct mmu_notifier *subscription, struct mm_struct *mm, unsigned long address);
	/* "If blockable argument is set to false then the callback cannot sleep and has to return with -EAGAIN
	 * if sleeping would be required ... notifiers that can fail invalidate_range_start are not allowed to
	 * implement invalidate_range_end" */
	int (*invalidate_range_start)(struct mmu_notifier *subscription, const struct mmu_notifier_range *range);
	void (*invalidate_range_end)(struct mmu_notifier *subscription, const struct mmu_notifier_range *range);
	void (*arch_invalidate_secondary_tlbs)(struct mmu_notifier *subscription, struct mm_struct *mm,
					       unsigned long start, unsigned long end);
	struct mmu_notifier *(*alloc_notifier)(struct mm_struct *mm);
	void (*free_notifier)(struct mmu_notifier *subscription);
#ifdef OOM_REAP_MAY_WAIT
	/* The proposed fix (docs/seed.md): "my invalidate_range_start()/end() never wait for the task being reaped —
	 * the locks they take are never held across a memory allocation or a wait for reclaim". The core then calls
	 * this subscriber as blockable from the OOM reaper and process_mrelease(): outside non_block_start(), with
	 * MMU_NOTIFIER_RANGE_BLOCKABLE set, so its spinlock_t/rwlock_t may sleep on PREEMPT_RT. */
	bool oom_reap_may_wait;
#endif
#ifdef AFTER_OOM_UNREGISTER
	/* v2: runs from an SRCU callback once the OOM reaper has detached the subscription and a grace period
	 * has elapsed; it cannot sleep. */
	void (*after_oom_unregister)(struct mmu_notifier *subscription, struct mm_struct *mm);
#endif
};

/* include/linux/mmu_notifier.h: struct mmu_notifier */
struct mmu_notifier {
	struct hlist_node hlist;
	const struct mmu_notifier_ops *ops;
	struct mm_struct *mm;
	struct rcu_head rcu;
	unsigned int users;
};

/* include/linux/mmu_notifier.h: struct mmu_notifier_range */
struct mmu_notifier_range {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;
	unsigned flags;
	enum mmu_notifier_event event;
	void *owner;
};

/* mm/mmu_notifier.c: struct mmu_notifier_subscriptions. The interval tree (struct rb_root_cached itree) is an
 * hlist of the inserted interval subscriptions here: the core only ever asks it for the subscriptions that overlap
 * a range (interval_tree_iter_first/next), which a walk of the list answers the same way. */
struct mmu_notifier_subscriptions {
	struct hlist_head list;
	bool has_itree;
	spinlock_t lock;
	unsigned long invalidate_seq;
	unsigned long active_invalidate_ranges;
	struct hlist_head itree;
	wait_queue_head_t wq;
	struct hlist_head deferred_list;
};

/* mm/mmu_notifier.c (defined there, as under CONFIG_LOCKDEP) */
extern struct lockdep_map __mmu_notifier_invalidate_range_start_map;

static int __mmu_notifier_invalidate_range_start(struct mmu_notifier_range *range);
static void __mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range);
static void __mmu_notifier_release(struct mm_struct *mm);
#ifdef MMU_NOTIFIER_OOM_ENTER
static void __mmu_notifier_oom_enter(struct mm_struct *mm);
#endif
#ifdef AFTER_OOM_UNREGISTER
static void __mmu_notifier_oom_enter(struct mm_struct *mm);
#endif

/* include/linux/mmu_notifier.h: mm_has_notifiers() */
static inline int mm_has_notifiers(struct mm_struct *mm)
{
	return READ_ONCE(mm->notifier_subscriptions) != NULL;
}

/* include/linux/mmu_notifier.h: mmu_notifier_range_blockable() */
static inline bool mmu_notifier_range_blockable(const struct mmu_notifier_range *range)
{
	return (range->flags & MMU_NOTIFIER_RANGE_BLOCKABLE) != 0;
}

/* include/linux/mmu_notifier.h: mmu_notifier_release() */
static inline void mmu_notifier_release(struct mm_struct *mm)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_release(mm);
}

#ifdef MMU_NOTIFIER_OOM_ENTER
/* include/linux/mmu_notifier.h: mmu_notifier_oom_enter() — the seed's wrapper */
static inline void mmu_notifier_oom_enter(struct mm_struct *mm)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_oom_enter(mm);
}
#endif

#ifdef AFTER_OOM_UNREGISTER
/* include/linux/mmu_notifier.h: mmu_notifier_oom_enter() — v2, called from __oom_reap_task_mm() */
static inline void mmu_notifier_oom_enter(struct mm_struct *mm)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_oom_enter(mm);
}
#endif

/* include/linux/mmu_notifier.h: mmu_notifier_range_init() (the vma argument of older trees dropped) */
static inline void mmu_notifier_range_init(struct mmu_notifier_range *range, enum mmu_notifier_event event,
					   unsigned flags, struct mm_struct *mm,
					   unsigned long start, unsigned long end)
{
	range->event = event;
	range->mm = mm;
	range->start = start;
	range->end = end;
	range->flags = flags;
	range->owner = NULL;
}

/* include/linux/mmu_notifier.h: mmu_notifier_invalidate_range_start() — blockable; the return value of the
 * core is ignored because blockable callbacks must not fail. */
static inline void mmu_notifier_invalidate_range_start(struct mmu_notifier_range *range)
{
	might_sleep();

	lock_map_acquire(&__mmu_notifier_invalidate_range_start_map);
	if (mm_has_notifiers(range->mm)) {
		range->flags |= MMU_NOTIFIER_RANGE_BLOCKABLE;
		__mmu_notifier_invalidate_range_start(range);
	}
	lock_map_release(&__mmu_notifier_invalidate_range_start_map);
}

/* include/linux/mmu_notifier.h: mmu_notifier_invalidate_range_start_nonblock() — no might_sleep();
 * BLOCKABLE cleared; the caller (the OOM reaper) must not call _end() after a failure. */
static inline int mmu_notifier_invalidate_range_start_nonblock(struct mmu_notifier_range *range)
{
	int ret = 0;

	lock_map_acquire(&__mmu_notifier_invalidate_range_start_map);
	if (mm_has_notifiers(range->mm)) {
		range->flags &= ~MMU_NOTIFIER_RANGE_BLOCKABLE;
		ret = __mmu_notifier_invalidate_range_start(range);
	}
	lock_map_release(&__mmu_notifier_invalidate_range_start_map);
	return ret;
}

/* include/linux/mmu_notifier.h: mmu_notifier_invalidate_range_end() */
static inline void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range)
{
	if (mmu_notifier_range_blockable(range))
		might_sleep();

	if (mm_has_notifiers(range->mm))
		__mmu_notifier_invalidate_range_end(range);
}

/* ---- interval-tree subscribers (include/linux/mmu_notifier.h, v5.5+) ---- */

struct mmu_interval_notifier;

/* include/linux/mmu_notifier.h: struct mmu_interval_notifier_ops — ->invalidate returns false only for a
 * non-blockable range it cannot handle without sleeping */
struct mmu_interval_notifier_ops {
	bool (*invalidate)(struct mmu_interval_notifier *interval_sub, const struct mmu_notifier_range *range,
			   unsigned long cur_seq);
};

/* include/linux/interval_tree.h: struct interval_tree_node — [start, last], both ends inclusive; in_tree stands for
 * !RB_EMPTY_NODE(&node->rb) */
struct interval_tree_node {
	struct hlist_node rb;
	bool in_tree;
	unsigned long start;
	unsigned long last;
};

/* include/linux/mmu_notifier.h: struct mmu_interval_notifier */
struct mmu_interval_notifier {
	struct interval_tree_node interval_tree;
	const struct mmu_interval_notifier_ops *ops;
	struct mm_struct *mm;
	struct hlist_node deferred_item;
	unsigned long invalidate_seq;
};

static int mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub, struct mm_struct *mm,
					unsigned long start, unsigned long length,
					const struct mmu_interval_notifier_ops *ops);
static void mmu_interval_notifier_remove(struct mmu_interval_notifier *interval_sub);
static unsigned long mmu_interval_read_begin(struct mmu_interval_notifier *interval_sub);

/* include/linux/mmu_notifier.h: mmu_interval_set_seq() — called by ->invalidate under the driver's user lock */
static inline void mmu_interval_set_seq(struct mmu_interval_notifier *interval_sub, unsigned long cur_seq)
{
	WRITE_ONCE(interval_sub->invalidate_seq, cur_seq);
}

/* include/linux/mmu_notifier.h: mmu_interval_read_retry() — under the user lock: did an invalidation collide? */
static inline bool mmu_interval_read_retry(struct mmu_interval_notifier *interval_sub, unsigned long seq)
{
	return interval_sub->invalidate_seq != seq;
}

/* include/linux/mmu_notifier.h: mmu_interval_check_retry() — the unlocked early check */
static inline bool mmu_interval_check_retry(struct mmu_interval_notifier *interval_sub, unsigned long seq)
{
	return READ_ONCE(interval_sub->invalidate_seq) != seq;
}


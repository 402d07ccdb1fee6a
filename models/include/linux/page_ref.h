/* linux/page_ref.h — pages as heap objects with a reference count: the page is freed when the count drops to
 * zero, so a later access through a stale mapping is a use-after-free. */
#pragma once
#include <linux/atomic.h>
#include <linux/slab.h>

struct page { atomic_t _refcount; unsigned long flags; long data; };

static inline struct page *alloc_page(gfp_t gfp)
{
	struct page *page = kzalloc(sizeof(struct page), gfp);

	if (page)
		atomic_set(&page->_refcount, 1);
	return page;
}

static inline void get_page(struct page *page)
{
	atomic_inc(&page->_refcount);
}

static inline void put_page(struct page *page)
{
	if (atomic_dec_and_test(&page->_refcount))
		kfree(page);
}

static inline int page_count(struct page *page)
{
	return atomic_read(&page->_refcount);
}

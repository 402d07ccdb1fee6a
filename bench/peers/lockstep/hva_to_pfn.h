/* Shared by the peer-benchmark scenarios: GUP of the one guest page (fault it in if the primary MMU does not map
 * it), returning it with a reference. Needs `the_mm` with `ptl` and `pte`. */
#pragma once

static struct page *hva_to_pfn(void)
{
	struct page *page;

	spin_lock(&the_mm.ptl);
	page = the_mm.pte;
	if (!page) {
		page = alloc_page(GFP_ATOMIC);
		the_mm.pte = page;
	}
	get_page(page);
	spin_unlock(&the_mm.ptl);
	return page;
}

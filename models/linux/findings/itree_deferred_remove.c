/*
 * itree_deferred_remove.c — the scenario of docs/findings/itree-deferred-remove.md, pinned: an amdgpu userptr BO
 * (interval notifier only) whose GEM_CLOSE removes the notifier and frees the BO while another thread's
 * madvise(MADV_DONTNEED) ends its invalidation. Upstream: mn_itree_inv_end() makes invalidate_seq even before it has
 * walked the deferred list, mmu_interval_notifier_remove() returns on the even sequence, the BO is freed, and the walk
 * touches it: use-after-free. No OOM is needed. The fix: -D MN_ITREE_SEQ_AFTER_DEFERRED.
 * Replay: docs/findings/itree-deferred-remove.replay.json.
 */
#define WITH_KVM 0
#define WITH_NOUVEAU 0
#define WITH_AMDGPU 1
#define WITH_OOM_REAPER 0
#define WITH_MRELEASE 0
#define WITH_MADVISE 1
#define WITH_EXIT 0
#include "../mmu_notifier_subscribers.c"

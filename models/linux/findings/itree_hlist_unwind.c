/*
 * itree_hlist_unwind.c — the scenario of docs/findings/itree-hlist-unwind.md, pinned: a nouveau SVM process (its
 * classic notifier refuses non-blockable ranges; its GPU fault worker inserts a per-fault interval notifier and waits
 * in mmu_interval_read_begin()) reaped by the OOM reaper. Upstream: the reaper's non-blockable start raises the
 * interval tree's active_invalidate_ranges, nouveau's classic notifier refuses, the reaper skips the VMA without an
 * _end(), and the fault worker sleeps forever in mmu_interval_read_begin(). The fix: -D MN_ITREE_END_ON_HLIST_FAILURE.
 *
 * CHECK_QUIESCENCE is 0 so that the verdict is the sleeping task rather than the broken count that causes it.
 * Replay: docs/findings/itree-hlist-unwind.replay.json.
 */
#define WITH_KVM 0
#define WITH_NOUVEAU 1
#define WITH_AMDGPU 0
#define WITH_OOM_REAPER 1
#define WITH_MRELEASE 0
#define WITH_MADVISE 0
#define WITH_EXIT 0
#define CHECK_QUIESCENCE 0
#include "../mmu_notifier_subscribers.c"

/* linux/completion.h — wait_for_completion() blocks (uninterruptibly) until complete() has been called (each
 * complete() lets one wait through; complete_all() lets all through). wait_for_completion_timeout() returns 0
 * when it times out and a positive value when completed: time is abstracted away, so it may time out whenever it
 * has not been completed yet — the search tries both. */
#pragma once
#include <linux/sched.h>

struct completion { long done; };

#define DECLARE_COMPLETION(x) struct completion x = { .done = 0 }
void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
#define wait_for_completion_killable(x) (wait_for_completion(x), 0)
#define wait_for_completion_io(x) wait_for_completion(x)
int try_wait_for_completion(struct completion *x);
int completion_done(struct completion *x);

/* linux/completion.h — wait_for_completion() blocks (uninterruptibly) until complete() has been called. */
#pragma once
#include <linux/sched.h>

struct completion { long done; };

#define DECLARE_COMPLETION(x) struct completion x = { .done = 0 }
void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
int try_wait_for_completion(struct completion *x);
int completion_done(struct completion *x);

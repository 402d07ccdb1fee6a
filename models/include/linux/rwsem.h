/* linux/rwsem.h — rw_semaphore. Fair as the kernel's: once a writer queues, new readers wait behind it
 * (a reader that already holds it and reads again then deadlocks, as in the kernel). */
#pragma once
#include <linux/lockdep.h>

struct rw_semaphore { long __owner; long __count; long __waiters; const char *__name; long __key; };

#define DECLARE_RWSEM(x) struct rw_semaphore x = { .__name = #x }
#define __RWSEM_INITIALIZER(x) { .__name = #x }
void __init_rwsem(struct rw_semaphore *sem, const char *name);
#define init_rwsem(sem) __init_rwsem((sem), #sem)

void down_read(struct rw_semaphore *sem);
int down_read_killable(struct rw_semaphore *sem);
void down_read_nested(struct rw_semaphore *sem, int subclass);
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
void down_write_nested(struct rw_semaphore *sem, int subclass);
void down_write_nest_lock(struct rw_semaphore *sem, void *nest_lock);
int down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);

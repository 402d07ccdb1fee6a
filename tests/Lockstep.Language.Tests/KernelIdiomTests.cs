using static Lockstep.Language.Tests.TestSupport;

namespace Lockstep.Language.Tests;

/// <summary>The C that kernel code and kernel headers are written in: macros, GNU extensions, error pointers.</summary>
public class KernelIdiomTests
{
    [Fact]
    public void StatementExpressionsAndTypeof() => Assert.Equal(1, RunMain("""
        #define max(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a > _b ? _a : _b; })
        #define swap(a, b) do { typeof(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)
        int calls;
        int next(void) { return ++calls; }
        int main(void) {
            int x = 3, y = 9;
            int m = max(next(), 0) + max(x, y) * 10;
            swap(x, y);
            long l = ({ int t = 4; t * t; }) + 1;
            return m == 91 && calls == 1 && x == 9 && y == 3 && l == 17;
        }
        """));

    [Fact]
    public void StatementExpressionKeepsTheTemporariesOfTheEnclosingExpression() => Assert.Equal(1, RunMain("""
        int g = 5;
        int main(void) {
            int r = g * 2 + ({ int a = g + 1; int b = a * 3; b - a; }) + g;
            return r == 10 + 12 + 5;
        }
        """));

    [Fact]
    public void ErrPtrIsErrPtrErr() => Assert.Equal(1, RunMain("""
        #define MAX_ERRNO 4095
        #define ENOMEM 12
        #define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
        static inline void *ERR_PTR(long error) { return (void *)error; }
        static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
        static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
        struct thing { int v; };
        struct thing the_thing;
        struct thing *get(int fail) { if (fail) return ERR_PTR(-ENOMEM); return &the_thing; }
        int main(void) {
            struct thing *a = get(1), *b = get(0);
            return IS_ERR(a) && PTR_ERR(a) == -12 && !IS_ERR(b);
        }
        """));

    [Fact]
    public void AttributesLikelyAndQualifiersAreAccepted() => Assert.Equal(7, RunMain("""
        #define likely(x) __builtin_expect(!!(x), 1)
        #define unlikely(x) __builtin_expect(!!(x), 0)
        #define __must_check
        #define __rcu
        struct s { int __rcu *p; } __attribute__((aligned(8)));
        static inline __attribute__((always_inline)) int __must_check helper(const int * const restrict p) { return *p; }
        volatile int v = 7;
        int main(void) {
            int x __attribute__((unused)) = 1;
            register int r = helper((const int *)&v);
            if (unlikely(r != 7)) return -1;
            return likely(r) ? r : 0;
        }
        """));

    [Fact]
    public void AnonymousUnionsAndStructsInsideStructs() => Assert.Equal(1, RunMain("""
        struct page {
            unsigned long flags;
            union {
                struct { void *mapping; long index; };
                int refcount;
            };
        };
        struct page pg;
        int main(void) {
            pg.index = 5;
            pg.mapping = &pg;
            return pg.index == 5 && pg.refcount != 0 && sizeof(struct page) == 24;
        }
        """));

    [Fact]
    public void DefineSpinlockStyleInitializers() => Assert.Equal(1, RunMain("""
        typedef struct { int locked; const char *name; } spinlock_t;
        #define __SPIN_LOCK_UNLOCKED(lockname) { .locked = 0, .name = #lockname }
        #define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
        #define ATOMIC_INIT(i) { (i) }
        typedef struct { int counter; } atomic_t;
        static DEFINE_SPINLOCK(mmu_lock);
        atomic_t users = ATOMIC_INIT(3);
        int main(void) {
            DEFINE_SPINLOCK(local_lock);
            return users.counter == 3 && mmu_lock.locked == 0 && mmu_lock.name != local_lock.name;
        }
        """));

    [Fact]
    public void ListForEachEntryWithTypeofAndContainerOf() => Assert.Equal(60, RunMain("""
        struct list_head { struct list_head *next, *prev; };
        #define LIST_HEAD_INIT(name) { &(name), &(name) }
        #define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)
        #define list_entry(ptr, type, member) container_of(ptr, type, member)
        #define list_for_each_entry(pos, head, member) \
            for (pos = list_entry((head)->next, typeof(*pos), member); &pos->member != (head); \
                 pos = list_entry(pos->member.next, typeof(*pos), member))
        static inline void list_add_tail(struct list_head *n, struct list_head *head) {
            struct list_head *prev = head->prev;
            n->next = head; n->prev = prev; prev->next = n; head->prev = n;
        }
        struct kvm { int id; struct list_head vm_list; };
        static LIST_HEAD(vm_list);
        struct kvm vms[3];
        int main(void) {
            struct kvm *kvm;
            int sum = 0;
            for (int i = 0; i < 3; i++) { vms[i].id = (i + 1) * 10; list_add_tail(&vms[i].vm_list, &vm_list); }
            list_for_each_entry(kvm, &vm_list, vm_list)
                sum += kvm->id;
            return sum;
        }
        """));

    [Fact]
    public void LocalListHeadInitialisedWithItsOwnAddress() => Assert.Equal(1, RunMain("""
        struct list_head { struct list_head *next, *prev; };
        int main(void) {
            struct list_head l = { &l, &l };
            return l.next == &l && l.prev == &l;
        }
        """));

    [Fact]
    public void BitOperationsOnUnsignedLongFlags() => Assert.Equal(1, RunMain("""
        #define BIT(nr) (1UL << (nr))
        unsigned long flags;
        static inline void __set_bit(int nr, unsigned long *addr) { *addr |= BIT(nr); }
        static inline bool test_bit(int nr, const unsigned long *addr) { return (*addr >> nr) & 1; }
        int main(void) {
            __set_bit(63, &flags);
            __set_bit(2, &flags);
            flags &= ~BIT(2);
            return test_bit(63, &flags) && !test_bit(2, &flags) && flags == 0x8000000000000000UL;
        }
        """));

    [Fact]
    public void GnuElvisConditional() => Assert.Equal(5, RunMain("int main(void) { int a = 0, b = 5; return a ?: b; }"));

    [Fact]
    public void GnuElvisEvaluatesItsConditionOnce() => Assert.Equal(1, RunMain("""
        int n;
        int next(void) { return ++n; }
        long g = 0 ?: 7;
        int main(void) { int v = next() ?: 100; return v == 1 && n == 1 && g == 7; }
        """));

    [Fact]
    public void StaticAssertIsAccepted() => Assert.Equal(0, RunMain("_Static_assert(sizeof(int) == 8, \"cells\");\nint main(void) { _Static_assert(1, \"x\"); return 0; }"));
}

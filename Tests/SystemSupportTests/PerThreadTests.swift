import Glibc
import Synchronization
import SystemSupport
import Testing
import TestSupport

@Suite struct PerThreadTests {
    private final class Counted {
        static let made = Atomic<Int>(0)
        let serial: Int
        init() { serial = Self.made.add(1, ordering: .relaxed).newValue }
    }

    /// What a thread of its own saw: the serials of its two `current` reads, and a weak reference
    /// to its value, which the thread's exit should release.
    private final class Seen: Sendable {
        let state = Mutex<(first: Int, second: Int, value: Weak?)>((0, 0, nil))
    }

    private final class Weak: @unchecked Sendable {
        weak var value: Counted?
        init(_ value: Counted) { self.value = value }
    }

    private static let values = PerThread { Counted() }

    @Test func aThreadGetsTheSameValueEachTimeAndAnotherThreadItsOwn() {
        let mine = Self.values.current
        #expect(Self.values.current === mine)

        let seen = Seen()
        DetachedThread.start(name: "per-thread-test") {
            let first = Self.values.current, second = Self.values.current
            seen.state.withLock { $0 = (first.serial, second.serial, Weak(first)) }
        }
        #expect(eventually { seen.state.withLock { $0.value != nil } })
        let (first, second) = seen.state.withLock { ($0.first, $0.second) }
        #expect(first == second)
        #expect(first != mine.serial)
    }

    @Test func aThreadsValueIsReleasedWhenTheThreadExits() {
        let seen = Seen()
        DetachedThread.start(name: "per-thread-exit") {
            let value = Self.values.current
            seen.state.withLock { $0.value = Weak(value) }
        }
        #expect(eventually { seen.state.withLock { $0.value != nil } })
        let released = eventually { seen.state.withLock { $0.value?.value == nil } }
        #expect(released, "the exited thread's value is still alive")
    }
}

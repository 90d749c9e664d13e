import Threads

/// A level-triggered wake-up shared by the workers: `signal` wakes every waiter once.
final class WakeSignal: Sendable {
    private let lock = ConditionLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var generation: UInt64 = 0

    /// The current generation; pass it to `wait` so a signal between the check and the wait is not lost.
    var current: UInt64 {
        lock.withLock { generation }
    }

    /// Wakes every waiter.
    func signal() {
        lock.withLock {
            generation &+= 1
            lock.broadcast()
        }
    }

    /// Waits until the generation moves past `seen` or the timeout passes.
    func wait(after seen: UInt64, timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        let deadline = MonotonicClock.nanoseconds()
            &+ UInt64(max(0, seconds)) &* 1_000_000_000 &+ UInt64(max(0, attoseconds / 1_000_000_000))
        lock.withLock {
            while generation == seen {
                if !lock.wait(untilNanoseconds: deadline) { break }
            }
        }
    }
}

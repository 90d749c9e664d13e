import CSystem
import Glibc
import Threads

/// The locked inbox of one event loop plus the eventfd that wakes it; owns the eventfd.
///
/// Guarded by a pthread mutex rather than `Synchronization.Mutex`: ThreadSanitizer sees the
/// ordering pthread locks establish, but not the futex inside Mutex, and reports false races.
final class EventLoopMailbox: @unchecked Sendable {
    /// The eventfd the loop polls for readability.
    let eventFD: Int32
    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var messages: [LoopMessage] = []

    /// An empty mailbox with a non-blocking eventfd.
    init() throws(HTTPServerError) {
        eventFD = try Syscall.run("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    }

    deinit {
        // A connection handed over after its loop had stopped: nobody will serve it.
        for case .adopt(let fd, _) in messages { Syscall.close(fd) }
        Syscall.close(eventFD)
    }

    /// Queues `message` and wakes the loop (only the first message of a batch writes the eventfd).
    func post(_ message: LoopMessage) {
        let wasEmpty = lock.withLock {
            messages.append(message)
            return messages.count == 1
        }
        if wasEmpty {
            var one: UInt64 = 1
            // EAGAIN means the counter is already non-zero: the loop will wake anyway.
            _ = try? Syscall.run("write") { write(eventFD, &one, 8) }
        }
    }

    /// Resets the eventfd and takes every queued message; called by the loop.
    func take() -> [LoopMessage] {
        var counter: UInt64 = 0
        _ = try? Syscall.run("read") { read(eventFD, &counter, 8) }
        return lock.withLock {
            defer { messages = [] }
            return messages
        }
    }
}

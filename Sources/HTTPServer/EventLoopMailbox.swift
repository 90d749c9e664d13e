import CSystem
import Glibc
import Synchronization

/// A message for an event loop from another thread.
enum LoopMessage: Sendable {
    /// A `.blocking` handler finished: its response for slot `slot` of connection `connectionID` on `fd`.
    case handlerResult(fd: Int32, connectionID: UInt64, slot: UInt64, response: HTTPResponse)
    /// Stop accepting, finish in-flight requests, and exit by `deadline` (monotonic milliseconds).
    case beginShutdown(deadline: UInt64)
}

/// The locked inbox of one event loop plus the eventfd that wakes it; owns the eventfd.
final class EventLoopMailbox: Sendable {
    /// The eventfd the loop polls for readability.
    let eventFD: Int32
    private let messages = Mutex<[LoopMessage]>([])

    init() throws(HTTPServerError) {
        eventFD = try Syscall.run("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    }

    deinit {
        Syscall.close(eventFD)
    }

    /// Queues `message` and wakes the loop (only the first message of a batch writes the eventfd).
    func post(_ message: LoopMessage) {
        let wasEmpty = messages.withLock { queue in
            queue.append(message)
            return queue.count == 1
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
        return messages.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }
}

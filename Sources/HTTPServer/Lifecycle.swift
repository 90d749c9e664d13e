import Glibc
import Threads

/// The server's state machine (idle → starting → running → stopping → stopped), with a wait for the end.
final class Lifecycle: @unchecked Sendable {
    /// What a running server must stop.
    struct Running {
        let port: Int
        let threads: [pthread_t]
        let mailboxes: [EventLoopMailbox]
        let pool: HandlerPool
    }

    private enum Phase {
        case idle
        case starting
        case running(Running)
        case stopping
        case stopped
    }

    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var phase = Phase.idle

    /// Claims the start; fails unless the server is idle.
    func beginStarting() throws(HTTPServerError) {
        lock.lock()
        defer { lock.unlock() }
        guard case .idle = phase else { throw HTTPServerError(kind: .alreadyStarted) }
        phase = .starting
    }

    /// Marks the server running.
    func finishStarting(_ running: Running) {
        lock.withLock {
            phase = .running(running)
            lock.broadcast()
        }
    }

    /// Returns to idle after a failed start.
    func failStarting() {
        lock.withLock {
            phase = .idle
            lock.broadcast()
        }
    }

    /// The running server to stop, or nil when another caller stops it (or it never ran).
    func beginStopping() -> Running? {
        lock.withLock {
            while case .starting = phase { lock.wait() }
            switch phase {
            case .running(let running):
                phase = .stopping
                return running
            case .idle:
                phase = .stopped
                lock.broadcast()
                return nil
            case .starting, .stopping, .stopped:
                return nil
            }
        }
    }

    /// Marks the server stopped and wakes waiters.
    func finishStopping() {
        lock.withLock {
            phase = .stopped
            lock.broadcast()
        }
    }

    /// Blocks until stopped (or never started).
    func waitUntilStopped() {
        lock.withLock {
            while true {
                switch phase {
                case .idle, .stopped: return
                case .starting, .running, .stopping: lock.wait()
                }
            }
        }
    }
}

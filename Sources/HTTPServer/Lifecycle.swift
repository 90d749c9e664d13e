import Glibc

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

    func beginStarting() throws(HTTPServerError) {
        lock.lock()
        defer { lock.unlock() }
        guard case .idle = phase else { throw HTTPServerError(kind: .alreadyStarted) }
        phase = .starting
    }

    func finishStarting(_ running: Running) {
        lock.withLock {
            phase = .running(running)
            lock.broadcast()
        }
    }

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

    func finishStopping() {
        lock.withLock {
            phase = .stopped
            lock.broadcast()
        }
    }

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

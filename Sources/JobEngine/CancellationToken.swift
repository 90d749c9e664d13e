import Synchronization

/// A flag a job polls between batches; set by cancel requests, timeouts and shutdown.
public final class CancellationToken: Sendable {
    /// Why a run is asked to stop.
    public enum Reason: String, Sendable {
        /// `POST /runs/{id}/cancel`.
        case cancelled
        /// The job's timeout passed.
        case timedOut = "timed_out"
        /// The process is shutting down; the run goes back to the queue.
        case shutdown
    }

    private let state = Mutex<Reason?>(nil)
    private let onCancel = Mutex<[@Sendable () -> Void]>([])

    /// A token that is not cancelled.
    public init() {}

    /// The reason, once cancelled.
    public var reason: Reason? { state.withLock { $0 } }

    /// Whether the run was asked to stop.
    public var isCancelled: Bool { reason != nil }

    /// Asks the run to stop; the first reason wins. Runs the registered hooks once.
    public func cancel(_ reason: Reason) {
        let first = state.withLock { current -> Bool in
            guard current == nil else { return false }
            current = reason
            return true
        }
        guard first else { return }
        for hook in onCancel.withLock({ hooks in defer { hooks.removeAll() }; return hooks }) { hook() }
    }

    /// Registers a hook run on cancellation (e.g. aborting a database statement); runs it now if already cancelled.
    public func whenCancelled(_ hook: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { current -> Bool in
            if current != nil { return true }
            onCancel.withLock { $0.append(hook) }
            return false
        }
        if runNow { hook() }
    }

    /// Throws the matching error when cancelled.
    public func check() throws(JobEngineError) {
        switch reason {
        case nil: return
        case .timedOut: throw .timedOut
        case .cancelled, .shutdown: throw .cancelled
        }
    }
}

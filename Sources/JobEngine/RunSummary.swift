import Synchronization

/// Named counts a job reports (e.g. `soft_deleted`), stored in `runs.summary`.
public final class RunSummary: Sendable {
    private let counts = Mutex<[String: Int64]>([:])

    /// An empty summary.
    public init() {}

    /// Sets a count.
    public func set(_ name: String, _ value: Int64) {
        counts.withLock { $0[name] = value }
    }

    /// Adds to a count.
    public func add(_ name: String, _ delta: Int64 = 1) {
        counts.withLock { $0[name, default: 0] += delta }
    }

    /// A copy of the counts.
    public var values: [String: Int64] { counts.withLock { $0 } }
}

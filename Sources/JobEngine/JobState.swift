import FoundationEssentials

/// What the history says about one job: its latest run and latest success.
public struct JobState: Sendable, Equatable {
    /// Job name.
    public var job: String
    /// The most recently requested run.
    public var lastRun: RunRecord?
    /// When the latest successful run finished.
    public var lastSuccessAt: Date?
    /// Whether the latest finished run failed (failed, timed out or abandoned).
    public var lastFinishedFailed: Bool

    /// Creates a state.
    public init(job: String, lastRun: RunRecord?, lastSuccessAt: Date?, lastFinishedFailed: Bool) {
        self.job = job
        self.lastRun = lastRun
        self.lastSuccessAt = lastSuccessAt
        self.lastFinishedFailed = lastFinishedFailed
    }

    /// Freshness for `GET /jobs/{name}/health` given the job's max age.
    public func freshness(maxAge: Duration, now: Date) -> Freshness {
        guard let lastSuccessAt else {
            return lastFinishedFailed ? .failing : .neverRun
        }
        let age = now.timeIntervalSince(lastSuccessAt)
        if lastFinishedFailed { return .failing }
        return age <= Double(maxAge.components.seconds) ? .fresh : .stale
    }
}

/// A job's health as uptime monitors see it.
public enum Freshness: String, Sendable, Codable {
    /// The last success is newer than the max age.
    case fresh
    /// The last success is older than the max age.
    case stale
    /// No run has ever succeeded (and none failed).
    case neverRun = "never_run"
    /// The latest finished run failed.
    case failing
}

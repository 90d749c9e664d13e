/// The life-cycle state of a run, persisted as its raw value in `checktick_jobs.runs.status`.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case running
    case succeeded
    case failed
    case cancelled
    case timedOut = "timed_out"
    case abandoned

    /// Whether the run has reached a final state.
    public var isFinished: Bool {
        switch self {
        case .queued, .running: return false
        case .succeeded, .failed, .cancelled, .timedOut, .abandoned: return true
        }
    }
}

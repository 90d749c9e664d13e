/// Errors of the job engine. `description` is safe to show to an API client.
public enum JobEngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trigger named a job that is not registered.
    case unknownJob(String)
    /// A trigger parameter is unknown, of the wrong type, or the body is not a JSON object.
    case invalidParameters(String)
    /// Overlap policy `forbid` and a run is active.
    case jobRunning(runID: String)
    /// `JOBS_QUEUE_CAPACITY` queued runs already wait.
    case queueFull
    /// The engine is shutting down and accepts no new runs.
    case draining
    /// The database did not answer; nothing was written.
    case databaseUnavailable(detail: String)
    /// No run with this id.
    case runNotFound
    /// The run is already finished and cannot be cancelled.
    case runFinished
    /// The job stopped cooperatively because it was cancelled.
    case cancelled
    /// The job stopped cooperatively because its timeout passed.
    case timedOut

    /// Client-safe text.
    public var description: String {
        switch self {
        case .unknownJob(let name): return "unknown job '\(name.prefix(64))'"
        case .invalidParameters(let message): return message
        case .jobRunning(let runID): return "a run of this job is already active (\(runID))"
        case .queueFull: return "the run queue is full; retry later"
        case .draining: return "the service is shutting down; retry later"
        case .databaseUnavailable: return "the database is unavailable; retry later"
        case .runNotFound: return "no such run"
        case .runFinished: return "the run has already finished"
        case .cancelled: return "the run was cancelled"
        case .timedOut: return "the run exceeded its timeout"
        }
    }
}

/// What a trigger does while a run of the same job is queued or running.
public enum OverlapPolicy: String, Sendable, Codable, CaseIterable {
    /// One run at a time, at most one more waiting; further triggers coalesce into the waiting run.
    case queue
    /// A trigger is refused (409) while a run is queued or running.
    case forbid
    /// Triggers always create a run; runs still execute one at a time per job.
    case allow
}

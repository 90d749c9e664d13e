/// Who asked for a run; persisted in `checktick_jobs.runs.trigger`.
public enum RunTrigger: String, Sendable, Codable, CaseIterable {
    /// A signed `POST /jobs/{name}` (Standard Webhooks).
    case http
    /// A presigned URL (`?expires=&kid=&sig=`).
    case presigned
    /// `checktick-jobs run` on the command line.
    case cli
    /// The embedded scheduler.
    case schedule
}

/// A unit of scheduled work the engine can run. Implementations must be stateless between runs.
public protocol Job: Sendable {
    /// Name, options, overlap policy, timeout, freshness and schedule.
    var descriptor: JobDescriptor { get }

    /// Runs once. Returns the process exit code the CLI should use (0 = success).
    /// Throwing marks the run `failed` (or `timed_out`/`cancelled` when the context was cancelled).
    func run(_ context: JobContext) throws -> Int32
}

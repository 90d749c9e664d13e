import FoundationEssentials
import Logging
import Postgres

/// Everything a running job may use: its options, the database, a clock, cancellation and its output.
public struct JobContext: Sendable {
    /// The run's id (a UUID string); empty for runs that are not recorded.
    public let runID: String
    /// Validated options.
    public let parameters: JobParameters
    /// Who asked for the run.
    public let trigger: RunTrigger
    /// Logger carrying `run.id` and `job.name` metadata.
    public let logger: Logger
    /// The database pool (CheckTick's tables and ours).
    public let database: PostgresPool
    /// Console lines (CheckTick's `self.stdout.write`).
    public let output: RunOutput
    /// Counts reported in the run's summary.
    public let summary: RunSummary
    /// Cancellation (cancel request, timeout, shutdown).
    public let cancellation: CancellationToken
    /// When the run must stop (its timeout).
    public let deadline: ContinuousClock.Instant
    /// Wall-clock time source; tests inject a fixed clock.
    public let now: @Sendable () -> Date

    /// Creates a context.
    public init(
        runID: String,
        parameters: JobParameters,
        trigger: RunTrigger,
        logger: Logger,
        database: PostgresPool,
        output: RunOutput,
        summary: RunSummary,
        cancellation: CancellationToken,
        deadline: ContinuousClock.Instant,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.runID = runID
        self.parameters = parameters
        self.trigger = trigger
        self.logger = logger
        self.database = database
        self.output = output
        self.summary = summary
        self.cancellation = cancellation
        self.deadline = deadline
        self.now = now
    }

    /// Writes one console line.
    public func print(_ line: String) {
        output.write(line)
    }

    /// Writes one line to the error stream (CheckTick's `self.stderr.write`).
    public func printError(_ line: String) {
        output.writeError(line)
    }

    /// Throws when the run was cancelled or timed out; call between batches.
    public func checkCancellation() throws(JobEngineError) {
        try cancellation.check()
    }

    /// Time left before the deadline, never negative.
    public var remaining: Duration {
        let left = deadline - ContinuousClock.now
        return left < .zero ? .zero : left
    }
}

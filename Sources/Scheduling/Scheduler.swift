import Dispatch
import FoundationEssentials
import JobEngine
import Logging
import Synchronization

/// The embedded scheduler: on every tick it triggers each job's latest due slot as a run with
/// `scheduledFor` set, so the unique index `runs_schedule_slot (job, scheduled_for)` makes it one run per
/// slot across any number of replicas (another replica's trigger for the same slot is `.deduplicated`).
///
/// Catch-up: on start (and until the database answers) a job's latest slot ≤ now is fired only when no
/// run exists for it or for a later slot; never a backlog, only that one slot. It must also be recent:
/// at most `max(descriptor.maxAge, period)` old when the job has had scheduled runs on this database,
/// and at most one period old on a fresh database, where the period is the time from the slot before it
/// to the slot. A slot that is too old is skipped and the job waits for its next slot.
public final class Scheduler: Sendable {
    /// Default time between ticks (`JOBS_SCHEDULE` slots are whole minutes; one second is prompt enough).
    public static let defaultTick: Duration = .seconds(1)

    /// What this scheduler knows about one job.
    struct JobState: Sendable {
        /// The latest slot triggered (or deliberately skipped) by this scheduler.
        var handled: Date?
        /// Whether the start-up catch-up decision was made (it needs the database).
        var caughtUp = false
        /// Whether the last trigger failed (logged once per failure streak).
        var failing = false
    }

    /// Mutable state, guarded by `state`.
    struct State: Sendable {
        /// `start()` was called.
        var started = false
        /// `stop()` was called; the thread leaves at its next wake-up.
        var stopped = false
        /// Per job name.
        var jobs: [String: JobState] = [:]
        /// Whether the last read of past slots failed (logged once per failure streak).
        var readFailing = false
    }

    /// Which jobs run when.
    public let table: ScheduleTable
    /// Receives the triggers; its store answers the catch-up query.
    let engine: JobEngine
    /// Where decisions and failures are reported.
    let logger: Logger
    /// Wall clock (injectable for tests).
    let now: @Sendable () -> Date
    /// Time between ticks.
    let tick: Duration
    /// Per-job progress and the life cycle flags.
    let state = Mutex(State())
    /// Signalled by `stop()` to end the sleep between ticks at once.
    let wake = DispatchSemaphore(value: 0)
    /// Signalled by the thread when it leaves, so `stop()` can wait for it.
    let exited = DispatchSemaphore(value: 0)

    /// Creates a scheduler; nothing happens until `start()`. `now` and `tick` are injectable for tests.
    public init(
        engine: JobEngine, table: ScheduleTable, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        tick: Duration = Scheduler.defaultTick
    ) {
        self.engine = engine
        self.table = table
        self.logger = logger
        self.now = now
        self.tick = tick
    }

    /// Starts the scheduler thread (once); its first tick makes the catch-up decisions.
    public func start() {
        let first = state.withLock { state -> Bool in
            guard !state.started, !state.stopped else { return false }
            state.started = true
            return true
        }
        guard first else { return }
        logger.info("scheduler started", metadata: [
            "schedule.source": "\(table.source)", "schedule.jobs": "\(table.schedules.map(\.name).joined(separator: ","))",
        ])
        SchedulerThread.start { [self] in loop() }
    }

    /// Stops the thread and returns once it has left (no trigger is issued after this returns).
    public func stop() {
        let running = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.stopped = true
            return state.started
        }
        guard running else { return }
        wake.signal()
        exited.wait()
        logger.info("scheduler stopped")
    }

    /// The job's next slot after now (for `GET /jobs`); nil when the job is not scheduled.
    public func nextRun(for job: String) -> Date? {
        table.schedule(for: job)?.next(after: now())
    }

    private func loop() {
        let (seconds, attoseconds) = tick.components
        let nanoseconds = max(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000), 1_000_000)
        while !state.withLock({ $0.stopped }) {
            runTick()
            _ = wake.wait(timeout: .now() + .nanoseconds(nanoseconds))
        }
        exited.signal()
    }
}

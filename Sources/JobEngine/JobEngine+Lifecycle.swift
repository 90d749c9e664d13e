import FoundationEssentials
import Glibc
import Logging
import Postgres

/// Graceful stop (SIGTERM) and in-process runs (the CLI).
extension JobEngine {
    /// Readiness goes 503 and triggers are refused from now on; running jobs continue (see `drain`).
    public func beginDraining() {
        state.withLock { $0.draining = true }
        wake.signal()
    }

    /// Stops claiming, gives running jobs `grace` to finish, then cancels them; interrupted runs go back to
    /// the queue. Queued runs stay queued. Returns when every worker has left or the extra wait is over.
    public func drain(grace: Duration) {
        state.withLock { $0.draining = true }
        wake.signal()
        logger.info("draining", metadata: ["runs.active": "\(activeRunIDs.count)"])
        let clock = ContinuousClock()
        let graceEnd = clock.now + grace
        while !activeRunIDs.isEmpty && clock.now < graceEnd {
            Self.sleep(.milliseconds(50))
        }
        let remaining = state.withLock { Array($0.active.values) }
        for run in remaining {
            logger.warning("cancelling run for shutdown; it will be re-queued", metadata: ["run.id": "\(run.run.id)"])
            run.token.cancel(.shutdown)
        }
        // Cooperative jobs stop at their next check; the worker then re-queues the run itself.
        let stopEnd = clock.now + settings.timeoutGrace
        while !activeRunIDs.isEmpty && clock.now < stopEnd {
            Self.sleep(.milliseconds(50))
        }
        // A job that did not stop: put its run back in the queue ourselves before the process exits.
        for run in state.withLock({ Array($0.active.values) }) {
            try? store.requeueAfterShutdown(runID: run.run.id, worker: workerID, output: "")
        }
        state.withLock { $0.stopped = true }
        batcher.stop()
        wake.signal()
    }

    /// Stops every loop without waiting for running jobs (tests, and the CLI after its run).
    public func stop() {
        state.withLock {
            $0.draining = true
            $0.stopped = true
        }
        batcher.stop()
        wake.signal()
    }

    /// Runs a job now on the calling thread, recorded as a run with trigger `cli`, echoing its output.
    /// Fails with `jobRunning` when a run of the job is executing anywhere (the same per-job lock as workers).
    public func runInProcess(
        job: any Job, parameters: JobParameters, trigger: RunTrigger = .cli, echo: (@Sendable (String) -> Void)? = nil,
        echoError: (@Sendable (String) -> Void)? = nil
    ) throws -> (status: RunStatus, exitCode: Int32?, error: String?, runID: String) {
        let connection = try PostgresConnection(configuration: databaseConfiguration, logger: logger)
        defer { connection.close() }
        let name = job.descriptor.name
        // 1. the job's lock, held across the run (released by execute)
        guard try connection.query(RunStore.lockSQL("pg_try_advisory_lock", job: name))[0].decode("ok", as: Bool.self)
        else {
            let active = try store.recentRuns(job: name, limit: 5).first { $0.status == .running }
            throw JobEngineError.jobRunning(runID: active?.id ?? "unknown")
        }
        // 2. record the run as running under this process (overlap `allow`: a CLI run never coalesces)
        let runID = RunID.make()
        let rows = try connection.query("""
            INSERT INTO checktick_jobs.runs
                (id, job, status, overlap, params, trigger, started_at, heartbeat_at, attempt, worker)
            VALUES (\(runID)::uuid, \(name), 'running', 'allow', \(parameters.jsonText)::jsonb, \(trigger.rawValue),
                    now(), now(), 1, \(workerID))
            RETURNING \(fragment: RunRecord.columns)
            """)
        let run = try RunRecord(row: rows[0])
        // 3. execute exactly as a worker would (heartbeats come from the maintenance loop)
        let outcome = execute(run, connection: connection, echo: echo, echoError: echoError)
        return (outcome.status, outcome.exitCode, outcome.error, runID)
    }
}

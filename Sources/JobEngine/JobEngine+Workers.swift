import FoundationEssentials
import Glibc
import Logging
import Postgres

/// The worker threads: claim, execute, record, release.
extension JobEngine {
    func workerLoop() {
        var connection: PostgresConnection?
        var backoff = Duration.milliseconds(250)
        defer { connection?.close() }
        while true {
            let leave = state.withLock { state -> Bool in
                guard state.draining || state.stopped else { return false }
                state.liveWorkers -= 1
                return true
            }
            if leave { return }
            let seen = wake.current
            do {
                if connection == nil || connection?.isHealthy == false {
                    connection?.close()
                    connection = try PostgresConnection(configuration: databaseConfiguration, logger: logger)
                }
                if let run = try store.claimNext(worker: workerID, connection: connection!) {
                    backoff = .milliseconds(250)
                    let outcome = execute(run, connection: connection!)
                    // A thread whose job ignored its timeout was already replaced; it leaves quietly.
                    if outcome.forced { return }
                    continue
                }
                backoff = .milliseconds(250)
            } catch {
                // Closing the session also releases any job lock it held.
                logger.warning("worker cannot reach the database", metadata: ["error": "\(Self.debugText(error))"])
                connection?.close()
                connection = nil
                Self.sleep(backoff)
                backoff = min(backoff * 2, .seconds(10))
                continue
            }
            wake.wait(after: seen, timeout: settings.pollInterval)
        }
    }

    /// Executes a claimed run on this thread, stores its final state and releases the job lock.
    /// Returns the final status, the job's exit code, the error, and whether the maintenance loop had
    /// already recorded the run as timed out (and replaced this worker) because the job ignored its timeout.
    func execute(
        _ run: RunRecord, connection: PostgresConnection, echo: (@Sendable (String) -> Void)? = nil,
        echoError: (@Sendable (String) -> Void)? = nil
    )
        -> (status: RunStatus, exitCode: Int32?, error: String?, forced: Bool)
    {
        var logger = self.logger
        logger[metadataKey: "run.id"] = "\(run.id)"
        logger[metadataKey: "job.name"] = "\(run.job)"
        let token = CancellationToken()
        let output = RunOutput(echo: echo, echoError: echoError)
        let summary = RunSummary()
        let started = ContinuousClock.now
        let job = registry.job(named: run.job)
        let deadline = started + (job?.descriptor.timeout ?? .seconds(60))
        let active = ActiveRun(run: run, token: token, deadline: deadline, started: started)
        state.withLock { $0.active[run.id] = active }
        logger.info("run started", metadata: ["run.attempt": "\(run.attempt)", "run.trigger": "\(run.trigger)"])
        for observer in observers { observer(.started(run)) }

        var exitCode: Int32?
        var errorText: String?
        if let job {
            do {
                let parameters = try Self.decodeParameters(run.paramsJSON, for: job.descriptor)
                let context = JobContext(
                    runID: run.id, parameters: parameters, trigger: RunTrigger(rawValue: run.trigger) ?? .http,
                    logger: logger, database: database, output: output, summary: summary, cancellation: token,
                    deadline: deadline, now: now)
                exitCode = try job.run(context)
            } catch let error as JobEngineError {
                errorText = error.description
            } catch let error as PostgresError {
                logger.error("run failed on a database error", metadata: ["error": "\(error.debugDescription)"])
                errorText = token.isCancelled ? nil : error.description
            } catch {
                errorText = String(describing: error)
            }
        } else {
            errorText = "job '\(run.job)' is not registered on this replica"
        }

        let status: RunStatus
        switch token.reason {
        case .timedOut?: status = .timedOut
        case .cancelled?: status = .cancelled
        case .shutdown?: status = .queued
        case nil: status = (errorText == nil && exitCode == 0) ? .succeeded : .failed
        }
        if status == .timedOut, errorText == nil || errorText == JobEngineError.cancelled.description {
            errorText = JobEngineError.timedOut.description
        }
        if status == .failed, errorText == nil { errorText = "exited with code \(exitCode ?? 1)" }
        let elapsed = ContinuousClock.now - started
        // The run stays in `active` (heartbeating, visible to drain) until its final state is stored.
        let forced = active.forceFinished.withLock { $0 }
        if !forced {
            persistFinalState(run: run, status: status, exitCode: exitCode, summary: summary.values,
                              output: output.text, error: errorText, logger: logger)
        }
        state.withLock { _ = $0.active.removeValue(forKey: run.id) }
        if status != .queued {
            metrics.recordRun(job: run.job, status: status, duration: elapsed)
        }
        if !forced {
            for observer in observers { observer(.finished(run, status)) }
        }
        do {
            try store.release(job: run.job, connection: connection)
        } catch {
            connection.close()
        }
        logger.info("run finished", metadata: [
            "run.status": "\(status.rawValue)", "run.duration_ms": "\(elapsed.milliseconds)",
        ])
        return forced ? (.timedOut, nil, JobEngineError.timedOut.description, true) : (status, exitCode, errorText, false)
    }

    /// Stores the final state, retrying while the database is unreachable (a restart mid-run is survivable;
    /// if it never returns, the lease expiry re-queues the run elsewhere).
    private func persistFinalState(
        run: RunRecord, status: RunStatus, exitCode: Int32?, summary: [String: Int64], output: String,
        error: String?, logger: Logger
    ) {
        var delay = Duration.milliseconds(250)
        for attempt in 1...12 {
            do {
                if status == .queued {
                    try store.requeueAfterShutdown(runID: run.id, worker: workerID, output: output)
                } else {
                    try store.finish(runID: run.id, worker: workerID, status: status, exitCode: exitCode,
                                     summary: summary, output: output, error: error)
                }
                return
            } catch let error as PostgresError where error.kind == .poolClosed {
                // The process is shutting down its database access: the lease hands the run back.
                logger.debug("pool closed; final state left to the lease", metadata: ["error": "\(error)"])
                return
            } catch {
                logger.warning("cannot store the run's final state", metadata: [
                    "attempt": "\(attempt)", "error": "\(Self.debugText(error))",
                ])
                Self.sleep(delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    static func decodeParameters(_ json: String, for descriptor: JobDescriptor) throws(JobEngineError) -> JobParameters {
        try JobParameters.parse(json: Array(json.utf8), for: descriptor)
    }

    static func debugText(_ error: any Error) -> String {
        if let error = error as? PostgresError { return error.debugDescription }
        return String(describing: error)
    }

    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

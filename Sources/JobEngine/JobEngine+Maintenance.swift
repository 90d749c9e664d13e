import FoundationEssentials
import Logging
import Postgres

/// The maintenance loop (timeouts, heartbeats, lease expiry, history purge, health) and the NOTIFY listener.
extension JobEngine {
    func maintenanceLoop() {
        let clock = ContinuousClock()
        var nextHeartbeat = clock.now
        var nextLeaseCheck = clock.now
        var nextPurge = clock.now + .seconds(60)
        var nextHealthCheck = clock.now
        while !state.withLock({ $0.stopped }) {
            let tick = clock.now
            enforceTimeouts(now: tick)
            if tick >= nextHealthCheck {
                nextHealthCheck = tick + .seconds(1)
                checkHealth()
            }
            if tick >= nextHeartbeat {
                nextHeartbeat = tick + settings.heartbeatInterval
                sendHeartbeats()
            }
            if tick >= nextLeaseCheck {
                nextLeaseCheck = tick + settings.lease / 2
                do {
                    let expired = try store.expireLeases(olderThan: settings.lease)
                    if expired.requeued + expired.abandoned.count > 0 {
                        logger.warning("expired run leases", metadata: [
                            "runs.requeued": "\(expired.requeued)", "runs.abandoned": "\(expired.abandoned.count)",
                        ])
                        for run in expired.abandoned {
                            metrics.recordRun(job: run.job, status: .abandoned, duration: .zero)
                            for observer in observers { observer(.finished(run, .abandoned)) }
                        }
                        wake.signal()
                    }
                } catch {
                    logger.debug("lease check failed", metadata: ["error": "\(Self.debugText(error))"])
                }
            }
            if tick >= nextPurge {
                nextPurge = tick + .seconds(3600)
                do {
                    let purged = try store.purgeHistory(olderThanDays: settings.historyDays)
                    if purged > 0 { logger.info("purged run history", metadata: ["runs.purged": "\(purged)"]) }
                } catch {
                    logger.debug("history purge failed", metadata: ["error": "\(Self.debugText(error))"])
                }
            }
            Self.sleep(.milliseconds(200))
        }
    }

    /// Cancels runs past their deadline; a job that ignores cancellation is recorded as timed out after the
    /// grace period and its worker slot is replaced (its thread keeps the job lock until the job returns).
    private func enforceTimeouts(now: ContinuousClock.Instant) {
        let active = state.withLock { Array($0.active.values) }
        for run in active where now >= run.deadline {
            run.token.cancel(.timedOut)
            guard now >= run.deadline + settings.timeoutGrace else { continue }
            let alreadyForced = run.forceFinished.withLock { forced -> Bool in
                defer { forced = true }
                return forced
            }
            guard !alreadyForced else { continue }
            logger.error("job ignored its timeout; recording it as timed out", metadata: [
                "run.id": "\(run.run.id)", "job.name": "\(run.run.job)",
            ])
            do {
                try store.finish(runID: run.run.id, worker: workerID, status: .timedOut, exitCode: nil, summary: [:],
                                 output: "", error: "the job did not stop after its timeout")
            } catch {
                run.forceFinished.withLock { $0 = false }
                continue
            }
            metrics.recordRun(job: run.run.job, status: .timedOut, duration: now - run.started)
            for observer in observers { observer(.finished(run.run, .timedOut)) }
            // The stuck thread no longer counts as live; a replacement takes its place (same count).
            // (An in-process CLI run has no worker slot to replace.)
            let replace = state.withLock { state -> Bool in
                guard settings.workers > 0 else { return false }
                guard !state.draining && !state.stopped else {
                    state.liveWorkers -= 1
                    return false
                }
                return true
            }
            if replace {
                DetachedThread.start(name: "ctj-worker-r") { [self] in workerLoop() }
            }
        }
    }

    private func sendHeartbeats() {
        let ids = activeRunIDs
        guard !ids.isEmpty else { return }
        do {
            let cancelled = try store.heartbeat(runIDs: ids, worker: workerID)
            let active = state.withLock { $0.active }
            for id in cancelled {
                active[id]?.token.cancel(.cancelled)
            }
        } catch {
            logger.warning("heartbeat failed", metadata: ["error": "\(Self.debugText(error))"])
        }
    }

    private func checkHealth() {
        do {
            let pending = try database.withConnection { connection in
                _ = try connection.query("SELECT 1")
                return try Migrator.pendingMigrations(settings.migrations, schema: EngineSchema.schema, on: connection)
            }
            state.withLock {
                $0.databaseHealthy = true
                $0.pendingMigrations = pending
            }
        } catch {
            state.withLock { $0.databaseHealthy = false }
        }
    }

    func listenLoop() {
        var connection: PostgresConnection?
        defer { connection?.close() }
        while !state.withLock({ $0.stopped || $0.draining }) {
            do {
                if connection == nil {
                    let fresh = try PostgresConnection(configuration: databaseConfiguration, logger: logger)
                    try fresh.listen(RunStore.queueChannel)
                    connection = fresh
                    // Anything queued while we were not listening is picked up by this wake-up.
                    wake.signal()
                }
                if !(try connection!.waitForNotifications(timeout: .seconds(1))).isEmpty {
                    wake.signal()
                }
            } catch {
                connection?.close()
                connection = nil
                Self.sleep(.seconds(1))
            }
        }
    }
}

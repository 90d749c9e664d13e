import FoundationEssentials
import JobEngine
import Logging
import Postgres

/// One tick: decide each job's due slot and trigger it.
extension Scheduler {
    /// Examines every scheduled job once at `now()` and triggers the slots that are due.
    func runTick() {
        let current = now()
        var latestScheduled: Result<[String: Date], any Error>?
        for schedule in table.schedules {
            guard let slot = schedule.previous(atOrBefore: current) else { continue }
            let job = state.withLock { $0.jobs[schedule.name] ?? JobState() }
            if let handled = job.handled, handled >= slot { continue }
            if !job.caughtUp {
                // Read once per tick, and only while some job still waits for its catch-up decision.
                if latestScheduled == nil { latestScheduled = readLatestScheduled() }
                guard case .success(let latest) = latestScheduled else { continue }
                let last = latest[schedule.name]
                if let last, last.timeIntervalSince1970 >= slot.timeIntervalSince1970 - 0.001 {
                    record(schedule.name, handled: slot)
                    continue
                }
                if let window = catchUpWindow(schedule, slot: slot, hasHistory: last != nil),
                    current.timeIntervalSince(slot) > window
                {
                    logger.info("missed slot too old to catch up; waiting for the next", metadata: [
                        "job.name": "\(schedule.name)", "schedule.slot": "\(slot)",
                    ])
                    record(schedule.name, handled: slot)
                    continue
                }
            }
            if fire(schedule, slot: slot, failing: job.failing) {
                record(schedule.name, handled: slot)
            } else {
                state.withLock { $0.jobs[schedule.name, default: JobState()].failing = true }
            }
        }
    }

    /// The oldest a catch-up slot may be, in seconds: `max(maxAge, period)` with history, one period without.
    func catchUpWindow(_ schedule: JobSchedule, slot: Date, hasHistory: Bool) -> Double? {
        let period = schedule.interval(endingAt: slot).map(Self.seconds)
        guard hasHistory else { return period }
        let maxAge = Self.seconds(schedule.descriptor.maxAge)
        return max(maxAge, period ?? 0)
    }

    private func record(_ name: String, handled slot: Date) {
        state.withLock { state in
            var job = state.jobs[name, default: JobState()]
            job.handled = slot
            job.caughtUp = true
            job.failing = false
            state.jobs[name] = job
        }
    }

    /// Triggers one slot; true when the slot is settled (queued, taken by another replica, coalesced or
    /// deliberately skipped), false when it should be retried on the next tick.
    private func fire(_ schedule: JobSchedule, slot: Date, failing: Bool) -> Bool {
        var metadata: Logger.Metadata = ["job.name": "\(schedule.name)", "schedule.slot": "\(slot)"]
        do {
            let outcome = try engine.trigger(
                RunRequest(descriptor: schedule.descriptor, trigger: .schedule, scheduledFor: slot))
            metadata["run.id"] = "\(outcome.run.id)"
            switch outcome {
            case .created: logger.info("scheduled run queued", metadata: metadata)
            case .deduplicated: logger.debug("scheduled slot already queued by another replica", metadata: metadata)
            case .coalesced: logger.info("scheduled slot joined the waiting run", metadata: metadata)
            }
            if failing { logger.info("scheduled trigger recovered", metadata: metadata) }
            return true
        } catch {
            metadata["error"] = "\(error.description)"
            switch error {
            case .jobRunning:
                logger.info("scheduled slot skipped: a run of the job is active", metadata: metadata)
                return true
            case .queueFull, .draining, .databaseUnavailable:
                // Logged once per failure streak; the next tick retries (or moves on to a newer slot).
                if !failing { logger.warning("scheduled trigger failed; retrying", metadata: metadata) }
                return false
            default:
                logger.error("scheduled trigger rejected", metadata: metadata)
                return true
            }
        }
    }

    /// `loadLatestScheduled`, logging a failure once per failure streak (the next tick retries).
    private func readLatestScheduled() -> Result<[String: Date], any Error> {
        do {
            let latest = try loadLatestScheduled()
            state.withLock { $0.readFailing = false }
            return .success(latest)
        } catch {
            let firstFailure = state.withLock { state -> Bool in
                defer { state.readFailing = true }
                return !state.readFailing
            }
            if firstFailure {
                logger.warning("scheduler cannot read past slots; retrying", metadata: [
                    "error": "\((error as? PostgresError)?.debugDescription ?? "\(error)")",
                ])
            }
            return .failure(error)
        }
    }

    /// The latest `scheduled_for` of every scheduled job that has one.
    private func loadLatestScheduled() throws -> [String: Date] {
        let names = table.schedules.map(\.name)
        let rows = try engine.store.database.query("""
            SELECT job, max(scheduled_for) AS last FROM checktick_jobs.runs
            WHERE job = ANY(\(names)::text[]) AND scheduled_for IS NOT NULL
            GROUP BY job
            """)
        var latest: [String: Date] = [:]
        for row in rows {
            latest[try row.decode("job", as: String.self)] = try row.decode("last", as: Date.self)
        }
        return latest
    }

    /// A duration in (fractional) seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

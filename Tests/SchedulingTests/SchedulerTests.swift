import Foundation
import JobEngine
import Postgres
import Testing

@testable import Scheduling

@Suite("Scheduler: one run per slot across replicas, catch-up")
struct SchedulerTests {
    private func minute(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    @Test func twoReplicasOnOneDatabaseMakeExactlyOneRunPerSlot() throws {
        let db = try ScheduleDatabase()
        let jobs: [any Job] = [
            ScriptedJob("every_five", schedule: "*/5 * * * *", maxAge: .seconds(900)),
            ScriptedJob("hourly", schedule: "0 * * * *", maxAge: .seconds(7200)),
        ]
        let engineA = db.engine(jobs)
        let engineB = db.engine(jobs)
        let table = try #require(try ScheduleTable.load(setting: "default", registry: engineA.registry))
        let start = utc(2026, 3, 1, 0, 0, 30)
        let clock = FakeClock(start)
        let replicaA = Scheduler(engine: engineA, table: table, logger: quietLogger, now: clock.now, tick: .milliseconds(5))
        let replicaB = Scheduler(engine: engineB, table: table, logger: quietLogger, now: clock.now, tick: .milliseconds(5))
        replicaA.start()
        replicaB.start()
        defer {
            replicaA.stop()
            replicaB.stop()
        }
        // Fresh database: both catch up the 00:00 slot (within one period), once.
        var expected = ["every_five|2026-03-01T00:00", "hourly|2026-03-01T00:00"]
        #expect(try waitUntil { try db.scheduledRuns() == expected.sorted() }, "\((try? db.scheduledRuns()) ?? [])")
        for step in 1...14 {
            let now = start.addingTimeInterval(Double(step) * 300 + Double(step % 3) * 7)
            clock.set(now)
            let slot = utc(2026, 3, 1, 0, 0).addingTimeInterval(Double(step) * 300)
            expected.append("every_five|\(minute(slot))")
            if step % 12 == 0 { expected.append("hourly|\(minute(slot))") }
            #expect(try waitUntil { try db.scheduledRuns() == expected.sorted() }, "step \(step): \((try? db.scheduledRuns()) ?? [])")
        }
        // Let both replicas keep ticking on the last slot: nothing more appears.
        Thread.sleep(forTimeInterval: 0.2)
        // Both replicas racing on the same slot directly also resolve to one run.
        clock.set(utc(2026, 3, 1, 1, 15, 1))
        expected.append("every_five|2026-03-01T01:15")
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            (index % 2 == 0 ? replicaA : replicaB).runTick()
        }
        #expect(try waitUntil { try db.scheduledRuns() == expected.sorted() })
        Thread.sleep(forTimeInterval: 0.1)
        #expect(try db.scheduledRuns() == expected.sorted())
        #expect(try db.runCount() == expected.count)
        let triggers = try db.pool.query("SELECT DISTINCT trigger FROM checktick_jobs.runs")
            .map { row throws(PostgresError) in try row.decode("trigger", as: String.self) }
        #expect(triggers == ["schedule"])
    }

    @Test func catchUpAfterDowntimeEnqueuesExactlyOneMissedSlotPerJob() throws {
        let db = try ScheduleDatabase()
        let jobs: [any Job] = [
            ScriptedJob("every_five", schedule: "*/5 * * * *", maxAge: .seconds(900)),
            ScriptedJob("nightly", schedule: "0 2 * * *"),
            ScriptedJob("weekly", schedule: "0 5 * * 0", maxAge: .seconds(8 * 86_400)),
        ]
        let table = try ScheduleTable.defaults(registry: JobRegistry(jobs))
        let clock = FakeClock(utc(2026, 3, 1, 2, 0, 20))  // a Sunday
        let first = Scheduler(engine: db.engine(jobs), table: table, logger: quietLogger, now: clock.now)
        first.runTick()
        first.runTick()
        // fresh database: each job's latest slot, all within one period (the weekly one is 6 days 21 h old)
        var expected = ["every_five|2026-03-01T02:00", "nightly|2026-03-01T02:00", "weekly|2026-02-22T05:00"]
        #expect(try db.scheduledRuns() == expected.sorted())

        // The service is down for two days; a new replica starts at 05:17 on Tuesday.
        clock.set(utc(2026, 3, 3, 5, 17, 10))
        let second = Scheduler(engine: db.engine(jobs), table: table, logger: quietLogger, now: clock.now)
        second.runTick()
        second.runTick()
        expected += ["every_five|2026-03-03T05:15", "nightly|2026-03-03T02:00", "weekly|2026-03-01T05:00"]
        #expect(try db.scheduledRuns() == expected.sorted(), "no backlog: only the latest missed slot per job")

        // Restarting again at the same moment finds every slot taken.
        let third = Scheduler(engine: db.engine(jobs), table: table, logger: quietLogger, now: clock.now)
        third.runTick()
        #expect(try db.scheduledRuns() == expected.sorted())

        // A replica whose clock lags behind the latest scheduled run never fires an older slot.
        clock.set(utc(2026, 3, 3, 5, 12))
        let lagging = Scheduler(engine: db.engine(jobs), table: table, logger: quietLogger, now: clock.now)
        lagging.runTick()
        #expect(try db.scheduledRuns() == expected.sorted())
        #expect(try db.runCount() == expected.count)
    }

    @Test func catchUpWindowIsOnePeriodOnAFreshDatabaseAndMaxAgeWithHistory() throws {
        let db = try ScheduleDatabase()
        // An irregular schedule: its period at 03:00 is one hour, at 02:00 twenty-three hours.
        let jobs: [any Job] = [
            ScriptedJob("twice", schedule: "0 2,3 * * *", maxAge: .seconds(8 * 3600)),
            ScriptedJob("nightly", schedule: "0 2 * * *"),
        ]
        let table = try ScheduleTable.defaults(registry: JobRegistry(jobs))
        let engine = db.engine(jobs)
        let clock = FakeClock(utc(2026, 3, 1, 5, 0))
        let fresh = Scheduler(engine: engine, table: table, logger: quietLogger, now: clock.now)
        fresh.runTick()
        // twice: 03:00 is 2 h old, more than its one-hour period → skipped; nightly: 3 h old of 24 h → caught up
        #expect(try db.scheduledRuns() == ["nightly|2026-03-01T02:00"])
        #expect(fresh.nextRun(for: "twice") == utc(2026, 3, 2, 2, 0))
        // the skipped slot is not retried, and the next one fires on time
        fresh.runTick()
        clock.set(utc(2026, 3, 2, 2, 0, 5))
        fresh.runTick()
        #expect(try db.scheduledRuns() == ["nightly|2026-03-01T02:00", "nightly|2026-03-02T02:00", "twice|2026-03-02T02:00"])

        // With history the window is max(maxAge, period) = 8 h: at 10:00 the 03:00 slot (7 h old) is caught up.
        clock.set(utc(2026, 3, 2, 10, 0))
        Scheduler(engine: engine, table: table, logger: quietLogger, now: clock.now).runTick()
        #expect(try db.scheduledRuns().contains("twice|2026-03-02T03:00"))
        // …but at 12:00 the next day the 03:00 slot is 9 h old: too old, skipped.
        clock.set(utc(2026, 3, 3, 12, 0))
        Scheduler(engine: engine, table: table, logger: quietLogger, now: clock.now).runTick()
        let runs = try db.scheduledRuns()
        #expect(!runs.contains("twice|2026-03-03T03:00"))
        #expect(runs.contains("nightly|2026-03-03T02:00"))
    }

    @Test func triggerErrorsAreRetriedOnTheNextTickForTheLatestSlotOnly() throws {
        let db = try ScheduleDatabase()
        let blocker = ScriptedJob("blocker", schedule: "")
        let jobs: [any Job] = [blocker, ScriptedJob("every_five", schedule: "*/5 * * * *", maxAge: .seconds(900))]
        let engine = db.engine(jobs, queueCapacity: 1)
        let table = try ScheduleTable.defaults(registry: engine.registry)
        #expect(table.schedules.map(\.name) == ["every_five"])
        let waiting = try engine.trigger(RunRequest(descriptor: blocker.descriptor, trigger: .http)).run
        let clock = FakeClock(utc(2026, 3, 1, 0, 0, 30))
        let scheduler = Scheduler(engine: engine, table: table, logger: quietLogger, now: clock.now)
        scheduler.runTick()  // queue full
        #expect(try db.scheduledRuns().isEmpty)
        clock.set(utc(2026, 3, 1, 0, 10, 30))
        scheduler.runTick()  // still full, now two slots later
        #expect(try db.scheduledRuns().isEmpty)
        _ = try engine.store.requestCancel(id: waiting.id)
        scheduler.runTick()
        #expect(try db.scheduledRuns() == ["every_five|2026-03-01T00:10"])
    }

    @Test func aDatabaseErrorAtStartDelaysTheCatchUpUntilTheDatabaseAnswers() throws {
        let db = try ScheduleDatabase(migrated: false)
        let job = ScriptedJob("every_five", schedule: "*/5 * * * *", maxAge: .seconds(900))
        let engine = db.engine([job])
        let clock = FakeClock(utc(2026, 3, 1, 0, 0, 30))
        let scheduler = Scheduler(
            engine: engine, table: try ScheduleTable.defaults(registry: engine.registry), logger: quietLogger, now: clock.now)
        scheduler.runTick()  // checktick_jobs.runs does not exist yet: the catch-up query fails
        scheduler.runTick()
        try db.migrate()
        clock.set(utc(2026, 3, 1, 0, 1, 30))
        scheduler.runTick()
        #expect(try db.scheduledRuns() == ["every_five|2026-03-01T00:00"])
    }

    @Test func aForbiddenOverlapSkipsTheSlotInsteadOfRetrying() throws {
        let db = try ScheduleDatabase()
        let job = ScriptedJob("exclusive", schedule: "*/5 * * * *", overlap: .forbid, maxAge: .seconds(900))
        let engine = db.engine([job])
        let active = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run
        let clock = FakeClock(utc(2026, 3, 1, 0, 0, 30))
        let scheduler = Scheduler(
            engine: engine, table: try ScheduleTable.defaults(registry: engine.registry), logger: quietLogger, now: clock.now)
        scheduler.runTick()
        _ = try engine.store.requestCancel(id: active.id)
        scheduler.runTick()
        #expect(try db.scheduledRuns().isEmpty, "the 00:00 slot was skipped while a run was active")
        clock.set(utc(2026, 3, 1, 0, 5, 1))
        scheduler.runTick()
        #expect(try db.scheduledRuns() == ["exclusive|2026-03-01T00:05"])
    }

    @Test func stopEndsTheThreadAndNextRunReportsTheComingSlot() throws {
        let db = try ScheduleDatabase()
        let jobs: [any Job] = [
            ScriptedJob("every_five", schedule: "*/5 * * * *", maxAge: .seconds(900)),
            ScriptedJob("manual", schedule: ""),
        ]
        let engine = db.engine(jobs)
        let clock = FakeClock(utc(2026, 3, 1, 0, 2))
        let scheduler = Scheduler(
            engine: engine, table: try ScheduleTable.defaults(registry: engine.registry), logger: quietLogger,
            now: clock.now, tick: .milliseconds(5))
        #expect(scheduler.nextRun(for: "every_five") == utc(2026, 3, 1, 0, 5))
        #expect(scheduler.nextRun(for: "manual") == nil)
        #expect(scheduler.nextRun(for: "unknown") == nil)
        scheduler.start()
        scheduler.start()
        #expect(try waitUntil { try db.runCount() == 1 })
        scheduler.stop()
        scheduler.stop()
        clock.set(utc(2026, 3, 1, 0, 5, 1))
        Thread.sleep(forTimeInterval: 0.1)
        #expect(try db.scheduledRuns() == ["every_five|2026-03-01T00:00"])
        #expect(scheduler.nextRun(for: "every_five") == utc(2026, 3, 1, 0, 10))
    }

    @Test func theDefaultTickIsOneSecond() {
        #expect(Scheduler.defaultTick == .seconds(1))
    }
}

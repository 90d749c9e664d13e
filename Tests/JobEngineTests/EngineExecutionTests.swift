import Foundation
import JobEngine
import TestSupport
import TestSupport
import Postgres
import Synchronization
import Testing

@Suite("Workers: execution, failures, timeouts, cancellation, leases, drain, replicas")
struct EngineExecutionTests {
    private func waitForStatus(_ engine: JobEngine, _ id: String, timeout: Duration = .seconds(15)) throws -> RunRecord? {
        var last: RunRecord?
        _ = try eventually(timeout: timeout) {
            last = try engine.store.run(id: id)
            return last?.status.isFinished == true
        }
        return last
    }

    @Test func runsAQueuedRunAndRecordsOutputAndSummary() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0.05)
        let engine = db.engine([job])
        engine.start()
        defer { engine.stop() }
        let params = try JobParameters.parse(json: Array(#"{"dry_run": true}"#.utf8), for: job.descriptor)
        let run = try engine.trigger(RunRequest(descriptor: job.descriptor, parameters: params, trigger: .http)).run
        let done = try #require(try waitForStatus(engine, run.id))
        #expect(done.status == .succeeded)
        #expect(done.exitCode == 0)
        #expect(done.output.contains("dry_run=true"))
        #expect(done.summaryJSON.contains("\"naps\": 1") || done.summaryJSON.contains("\"naps\":1"))
        #expect(done.startedAt != nil && done.finishedAt != nil)
        #expect(done.attempt == 1)
    }

    @Test func recordsAFailedRunWithItsError() throws {
        let db = try TestDatabase()
        let engine = db.engine([FailJob(), ExitCodeJob()])
        engine.start()
        defer { engine.stop() }
        let failing = try engine.trigger(RunRequest(descriptor: FailJob().descriptor, trigger: .http)).run
        let exiting = try engine.trigger(RunRequest(descriptor: ExitCodeJob().descriptor, trigger: .http)).run
        let failed = try #require(try waitForStatus(engine, failing.id))
        #expect(failed.status == .failed)
        #expect(failed.error == "deliberate failure")
        #expect(failed.output.contains("about to fail"))
        let exited = try #require(try waitForStatus(engine, exiting.id))
        #expect(exited.status == .failed)
        #expect(exited.exitCode == 3)
    }

    @Test func cooperativeJobTimesOut() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 30, timeout: .milliseconds(300))
        let engine = db.engine([job])
        engine.start()
        defer { engine.stop() }
        let run = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run
        let done = try #require(try waitForStatus(engine, run.id))
        #expect(done.status == .timedOut)
        #expect(done.error?.contains("timeout") == true)
    }

    @Test func hungJobIsRecordedAsTimedOutAndItsSlotReplaced() throws {
        let db = try TestDatabase()
        let hang = HangJob(timeout: .milliseconds(200), seconds: 4)
        let quick = SleepJob(name: "quick", seconds: 0)
        let engine = db.engine([hang, quick], workers: 1)
        engine.start()
        defer { engine.stop() }
        let run = try engine.trigger(RunRequest(descriptor: hang.descriptor, trigger: .http)).run
        let done = try #require(try waitForStatus(engine, run.id, timeout: .seconds(3)))
        #expect(done.status == .timedOut)
        // The only worker is stuck in the hung job, yet another job still runs on the replacement worker.
        let next = try engine.trigger(RunRequest(descriptor: quick.descriptor, trigger: .http)).run
        #expect(try waitForStatus(engine, next.id, timeout: .seconds(3))?.status == .succeeded)
    }

    @Test func cancelsQueuedAndRunningRuns() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 30)
        let engine = db.engine([job], workers: 1)
        engine.start()
        defer { engine.stop() }
        let running = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run
        #expect(try eventually { try engine.store.run(id: running.id)?.status == .running })
        let queued = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run
        #expect(try engine.store.requestCancel(id: queued.id).status == .cancelled)
        _ = try engine.store.requestCancel(id: running.id)
        let done = try #require(try waitForStatus(engine, running.id, timeout: .seconds(5)))
        #expect(done.status == .cancelled)
        #expect(throws: JobEngineError.runFinished) { try engine.store.requestCancel(id: done.id) }
        #expect(throws: JobEngineError.runNotFound) { try engine.store.requestCancel(id: UUID().uuidString) }
    }

    @Test func expiredLeaseRequeuesOnceThenAbandons() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0)
        // A run left "running" by a replica that died: stale heartbeat, no lock held.
        try db.pool.query("""
            INSERT INTO checktick_jobs.runs (id, job, status, overlap, trigger, started_at, heartbeat_at, attempt, worker)
            VALUES ('11111111-1111-1111-1111-111111111111', 'sleep', 'running', 'queue', 'http',
                    now() - interval '5 minutes', now() - interval '5 minutes', 1, 'dead:1:x'),
                   ('22222222-2222-2222-2222-222222222222', 'other', 'running', 'allow', 'http',
                    now() - interval '5 minutes', now() - interval '5 minutes', 2, 'dead:1:x')
            """)
        let engine = db.engine([job], workers: 1, lease: .seconds(2))
        let expired = try engine.store.expireLeases(olderThan: .seconds(2))
        #expect(expired.requeued == 1 && expired.abandoned.map(\.id) == ["22222222-2222-2222-2222-222222222222"])
        #expect(try engine.store.run(id: "22222222-2222-2222-2222-222222222222")?.status == .abandoned)
        engine.start()
        defer { engine.stop() }
        let done = try #require(try waitForStatus(engine, "11111111-1111-1111-1111-111111111111"))
        #expect(done.status == .succeeded)
        #expect(done.attempt == 2)
    }

    @Test func twoEnginesOnOneDatabaseNeverRunOneJobConcurrently() throws {
        let db = try TestDatabase(poolSize: 16)
        let recorder = Recorder()
        let job = SleepJob(seconds: 0.15, overlap: .allow, recorder: recorder)
        let first = db.engine([job], workers: 3)
        let second = db.engine([job], workers: 3)
        first.start()
        second.start()
        defer {
            first.stop()
            second.stop()
        }
        var ids: [String] = []
        for index in 0..<8 {
            let engine = index.isMultiple(of: 2) ? first : second
            ids.append(try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run.id)
        }
        #expect(try eventually(timeout: .seconds(20)) {
            try db.scalar("SELECT count(*) FROM checktick_jobs.runs WHERE status = 'succeeded'") == 8
        })
        #expect(recorder.all.count == 8)
        #expect(!recorder.hasOverlap, "two runs of one job overlapped: \(recorder.all)")
        let workers = try db.scalar("SELECT count(DISTINCT split_part(worker, ':', 3)) FROM checktick_jobs.runs")
        #expect(workers >= 1)
    }

    @Test func drainRequeuesARunThatDoesNotFinishInTime() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 30)
        let engine = db.engine([job], workers: 1)
        engine.start()
        let run = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)).run
        #expect(try eventually { try engine.store.run(id: run.id)?.status == .running })
        engine.drain(grace: .milliseconds(200))
        let after = try #require(try engine.store.run(id: run.id))
        #expect(after.status == .queued)
        #expect(after.attempt == 0)
        #expect(engine.readiness().ready == false)
        // Another replica picks it up afterwards.
        let fast = SleepJob(seconds: 0)
        let successor = db.engine([fast], workers: 1)
        successor.start()
        defer { successor.stop() }
        #expect(try waitForStatus(successor, run.id)?.status == .succeeded)
    }

    @Test func cliRunIsRecordedAndRefusedWhileTheJobRunsElsewhere() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0.01)
        let engine = db.engine([job], workers: 0)
        engine.start()
        defer { engine.stop() }
        let lines = LineCollector()
        let result = try engine.runInProcess(job: job, parameters: .none, echo: { lines.append($0) })
        #expect(result.status == .succeeded)
        #expect(result.exitCode == 0)
        #expect(lines.all.first?.hasPrefix("sleeping") == true)
        let stored = try #require(try engine.store.run(id: result.runID))
        #expect(stored.trigger == "cli")
        #expect(stored.status == .succeeded)
        // Hold the job's lock as a worker would, then the CLI must refuse.
        let holder = try PostgresConnection(configuration: db.configuration, logger: TestDatabase.logger)
        defer { holder.close() }
        _ = try holder.query("SELECT pg_advisory_lock(\(RunStore.jobLockClass), hashtext('sleep'))")
        #expect(throws: JobEngineError.self) { try engine.runInProcess(job: job, parameters: .none) }
    }

    @Test func healthReflectsTheLatestRuns() throws {
        let db = try TestDatabase()
        let engine = db.engine([SleepJob(seconds: 0), FailJob()])
        engine.start()
        defer { engine.stop() }
        #expect(try engine.store.jobStates(jobs: ["sleep"])["sleep"]?.freshness(maxAge: .seconds(60), now: Date()) == .neverRun)
        // A dry run did none of the job's work: it never makes the job fresh.
        let dry = try engine.trigger(RunRequest(
            descriptor: SleepJob(seconds: 0).descriptor, parameters: JobParameters(values: ["dry_run": .bool(true)]),
            trigger: .http)).run
        #expect(try waitForStatus(engine, dry.id)?.status == .succeeded)
        #expect(try engine.store.jobStates(jobs: ["sleep"])["sleep"]?.freshness(maxAge: .seconds(60), now: Date()) == .neverRun)
        let ok = try engine.trigger(RunRequest(descriptor: SleepJob(seconds: 0).descriptor, trigger: .http)).run
        _ = try waitForStatus(engine, ok.id)
        let states = try engine.store.jobStates(jobs: ["sleep", "fail"])
        #expect(states["sleep"]?.freshness(maxAge: .seconds(60), now: Date()) == .fresh)
        #expect(states["sleep"]?.freshness(maxAge: .seconds(60), now: Date().addingTimeInterval(120)) == .stale)
        let bad = try engine.trigger(RunRequest(descriptor: FailJob().descriptor, trigger: .http)).run
        _ = try waitForStatus(engine, bad.id)
        #expect(try engine.store.jobStates(jobs: ["fail"])["fail"]?.freshness(maxAge: .seconds(60), now: Date()) == .failing)
        #expect(engine.readiness().ready)
    }
}

final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

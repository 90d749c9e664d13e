import Dispatch
import Foundation
import JobEngine
import TestSupport
import TestSupport
import Postgres
import Synchronization
import Testing

@Suite("Durable queue: triggers, overlap, idempotency, capacity")
struct EngineQueueTests {
    @Test func persistsTheRunBeforeTheTriggerReturns() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0)
        let engine = db.engine([job], workers: 0)
        let outcome = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "msg_1"))
        guard case .created(let run) = outcome else { Issue.record("expected a new run, got \(outcome)"); return }
        // A separate connection sees the committed row at once.
        let connection = try PostgresConnection(configuration: db.configuration, logger: TestDatabase.logger)
        defer { connection.close() }
        let status = try connection.query("SELECT status FROM checktick_jobs.runs WHERE id = \(run.id)::uuid")[0]
            .decode("status", as: String.self)
        #expect(status == "queued")
        #expect(run.status == .queued)
    }

    @Test func twentyConcurrentTriggersOfAQueueJobMakeAtMostTwoRuns() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 1.0)
        let engine = db.engine([job], workers: 1)
        engine.start()
        defer { engine.stop() }
        // One run starts, then 20 triggers arrive at once.
        _ = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http))
        #expect(try eventually { try db.scalar("SELECT count(*) FROM checktick_jobs.runs WHERE status = 'running'") == 1 })
        let outcomes = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 20) { index in
            let result: String
            do {
                switch try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "k\(index)")) {
                case .created: result = "created"
                case .coalesced: result = "coalesced"
                case .deduplicated: result = "deduplicated"
                }
            } catch {
                result = "error: \(error)"
            }
            outcomes.withLock { $0.append(result) }
        }
        let all = outcomes.withLock { $0 }
        #expect(all.count == 20)
        #expect(all.allSatisfy { $0 == "created" || $0 == "coalesced" }, "\(all)")
        #expect(all.filter { $0 == "created" }.count == 1)
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 2)
        // Every key points at a run, so a retry of any of them is deduplicated.
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.trigger_keys") == 20)
        let again = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "k7"))
        guard case .deduplicated = again else { Issue.record("expected deduplicated, got \(again)"); return }
    }

    @Test func triggersRacingAClaimOfTheWaitingRunNeverFail() throws {
        // Regression: when the waiting run was claimed between our insert and our coalesce, the start-over
        // path used to commit a key row pointing at no run (a deferred FK error → a false 503).
        let db = try TestDatabase(poolSize: 16)
        let job = SleepJob(seconds: 0)
        let engine = db.engine([job], workers: 2)
        engine.start()
        defer { engine.stop() }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { thread in
            for index in 0..<40 {
                do {
                    _ = try engine.trigger(RunRequest(
                        descriptor: job.descriptor, trigger: .http, idempotencyKey: "race-\(thread)-\(index)"))
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(3))")
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.trigger_keys") == 240)
        #expect(try db.scalar(
            "SELECT count(*) FROM checktick_jobs.trigger_keys k LEFT JOIN checktick_jobs.runs r ON r.id = k.run_id WHERE r.id IS NULL") == 0)
    }

    @Test func concurrentDuplicateKeysResolveToOneRun() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0)
        let ids = Mutex<Set<String>>([])
        let created = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            if let outcome = try? engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "same")) {
                ids.withLock { _ = $0.insert(outcome.run.id) }
                if case .created = outcome { created.withLock { $0 += 1 } }
            }
        }
        #expect(ids.withLock { $0.count } == 1)
        #expect(created.withLock { $0 } == 1)
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 1)
    }

    @Test func forbidPolicyRefusesWhileARunIsActive() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .forbid)
        let engine = db.engine([job], workers: 0)
        let first = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http))
        #expect(throws: JobEngineError.jobRunning(runID: first.run.id)) {
            try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http))
        }
    }

    @Test func allowPolicyQueuesEveryTrigger() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0)
        for _ in 0..<3 { _ = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)) }
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs WHERE status = 'queued'") == 3)
    }

    @Test func returns503WhenQueueIsFull() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0, queueCapacity: 3)
        for _ in 0..<3 { _ = try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http)) }
        #expect(throws: JobEngineError.queueFull) {
            try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http))
        }
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 3)
    }

    @Test func refusesTriggersWhileDraining() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0)
        let engine = db.engine([job], workers: 0)
        engine.drain(grace: .zero)
        #expect(throws: JobEngineError.draining) {
            try engine.trigger(RunRequest(descriptor: job.descriptor, trigger: .http))
        }
    }

    @Test func rejectsUnknownAndMistypedParameters() throws {
        let job = SleepJob(seconds: 0)
        #expect(throws: JobEngineError.self) { try JobParameters.parse(json: Array(#"{"force": true}"#.utf8), for: job.descriptor) }
        #expect(throws: JobEngineError.self) { try JobParameters.parse(json: Array(#"{"dry_run": "yes"}"#.utf8), for: job.descriptor) }
        #expect(throws: JobEngineError.self) { try JobParameters.parse(json: Array(#"[1]"#.utf8), for: job.descriptor) }
        #expect(throws: JobEngineError.self) { try JobParameters.parse(json: Array("{nope".utf8), for: job.descriptor) }
        let parsed = try JobParameters.parse(json: Array(#"{"dry_run": true}"#.utf8), for: job.descriptor)
        #expect(parsed.bool("dry_run"))
        #expect(!parsed.bool("verbose"))
        #expect(try JobParameters.parse(json: [], for: job.descriptor) == .none)
        do {
            _ = try JobParameters.parse(json: Array(#"{"force": true}"#.utf8), for: job.descriptor)
        } catch {
            #expect(error.description.contains("'force'"))
        }
    }
}

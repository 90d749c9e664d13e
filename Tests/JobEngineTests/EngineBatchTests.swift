import Dispatch
import Foundation
import JobEngine
import Logging
import Postgres
import Synchronization
import TestSupport
import Testing

@Suite("Batched triggers: one statement and one commit for concurrent triggers")
struct EngineBatchTests {
    /// Submits every request at once (none waits for another, so they share batches) and waits for all.
    private static func submitAll(_ engine: JobEngine, _ requests: [RunRequest], onCompletion: (@Sendable (Int) -> Void)? = nil)
        -> [Result<EnqueueOutcome, JobEngineError>]
    {
        let results = Mutex<[Int: Result<EnqueueOutcome, JobEngineError>]>([:])
        let group = DispatchGroup()
        for (index, request) in requests.enumerated() {
            group.enter()
            engine.submitTrigger(request) { result in
                onCompletion?(index)
                results.withLock { $0[index] = result }
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 30) == .success, "every completion runs")
        let all = results.withLock { $0 }
        return requests.indices.compactMap { all[$0] }
    }

    @Test func concurrentTriggersShareCommitsAndEachIsStoredBeforeItsAnswer() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0, queueCapacity: 10_000)
        defer { engine.stop() }
        let requests = (0..<300).map { RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "webhook:b\($0)") }
        // Each completion checks, on its own connection, that its run is already committed.
        let unseen = Mutex<[Int]>([])
        let results = Self.submitAll(engine, requests) { index in
            let key = requests[index].idempotencyKey!
            let stored = (try? db.scalar("""
                SELECT count(*) FROM checktick_jobs.runs r JOIN checktick_jobs.trigger_keys k ON k.run_id = r.id
                WHERE k.key = \(key) AND r.idempotency_key = \(key)
                """)) ?? 0
            if stored != 1 { unseen.withLock { $0.append(index) } }
        }
        #expect(results.count == 300)
        var ids = Set<String>()
        for result in results {
            guard case .success(.created(let run)) = result else { Issue.record("expected a new run, got \(result)"); continue }
            #expect(run.status == .queued)
            #expect(run.job == job.descriptor.name)
            ids.insert(run.id)
        }
        #expect(ids.count == 300)
        #expect(unseen.withLock { $0 }.isEmpty, "answered before commit: \(unseen.withLock { $0 }.prefix(5))")
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs WHERE status = 'queued'") == 300)
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.trigger_keys") == 300)
        // Batching happened: rows of one statement share its transaction's timestamp.
        #expect(try db.scalar("SELECT count(DISTINCT requested_at) FROM checktick_jobs.runs") < 300)
        // The record answered matches the stored row.
        let sample = try #require(results.first.flatMap { try? $0.get() }).run
        let stored = try db.pool.query("SELECT requested_at, params::text AS params FROM checktick_jobs.runs WHERE id = \(sample.id)::uuid")
        #expect(try stored[0].decode("requested_at", as: Date.self) == sample.requestedAt)
        #expect(try stored[0].decode("params", as: String.self) == "{}")
    }

    @Test func aKeyRepeatedWithinTheBatchMakesOneRun() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0)
        defer { engine.stop() }
        let request = RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "webhook:storm")
        let results = Self.submitAll(engine, Array(repeating: request, count: 50))
        let outcomes = results.compactMap { try? $0.get() }
        #expect(outcomes.count == 50)
        #expect(Set(outcomes.map(\.run.id)).count == 1)
        #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 1)
        #expect(outcomes.filter { if case .deduplicated = $0 { true } else { false } }.count == 49)
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 1)
        #expect(try Self.keysOnSeveralRuns(db) == 0)
    }

    /// Idempotency keys recorded on more than one run: must stay 0 (trigger_keys' primary key enforces it).
    static func keysOnSeveralRuns(_ db: TestDatabase) throws -> Int {
        try db.scalar("""
            SELECT count(*) FROM (SELECT idempotency_key FROM checktick_jobs.runs WHERE idempotency_key IS NOT NULL
                                  GROUP BY 1 HAVING count(*) > 1) AS repeated
            """)
    }

    @Test func keysStayUniqueWhenBatchesAndTheExactPathRace() throws {
        let db = try TestDatabase(poolSize: 16)
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0, queueCapacity: 100_000)
        let other = db.engine([job], workers: 0, queueCapacity: 100_000)  // a second replica, no shared memory
        defer {
            engine.stop()
            other.stop()
        }
        let keys = (0..<40).map { "webhook:race\($0)" }
        let group = DispatchGroup()
        for round in 0..<3 {
            for key in keys {
                let replica = round % 2 == 0 ? engine : other
                group.enter()
                replica.submitTrigger(RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: key)) { _ in
                    group.leave()
                }
                group.enter()
                DispatchQueue.global().async {
                    _ = try? (round % 2 == 0 ? other : engine).trigger(
                        RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: key))
                    group.leave()
                }
            }
        }
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 40)
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.trigger_keys") == 40)
        #expect(try Self.keysOnSeveralRuns(db) == 0)
    }

    @Test func aKeyStoredByAnotherReplicaIsDeduplicatedToItsRun() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let first = db.engine([job], workers: 0)
        let second = db.engine([job], workers: 0)  // its own recent-key memory: the batch meets the key in the table
        defer {
            first.stop()
            second.stop()
        }
        let original = try first.trigger(RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "webhook:seen"))
        let results = Self.submitAll(second, [
            RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "webhook:seen"),
            RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "webhook:new"),
        ])
        guard case .success(.deduplicated(let run)) = results[0] else { Issue.record("got \(results[0])"); return }
        #expect(run.id == original.run.id)
        guard case .success(.created) = results[1] else { Issue.record("got \(results[1])"); return }
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 2)
    }

    @Test func triggersOfQueueAndForbidJobsKeepTheirOverlapRules() throws {
        let db = try TestDatabase()
        let queued = SleepJob(name: "queued", seconds: 0, overlap: .queue)
        let forbidden = SleepJob(name: "forbidden", seconds: 0, overlap: .forbid)
        let engine = db.engine([queued, forbidden], workers: 0)
        defer { engine.stop() }
        #expect(!engine.prefersBatch(RunRequest(descriptor: queued.descriptor, trigger: .http)))
        let results = Self.submitAll(engine, (0..<10).map {
            RunRequest(descriptor: queued.descriptor, trigger: .http, idempotencyKey: "webhook:q\($0)")
        })
        let outcomes = results.compactMap { try? $0.get() }
        #expect(outcomes.count == 10)
        #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 1)
        #expect(outcomes.filter { if case .coalesced = $0 { true } else { false } }.count == 9)
        let refused = Self.submitAll(engine, [
            RunRequest(descriptor: forbidden.descriptor, trigger: .http), RunRequest(descriptor: forbidden.descriptor, trigger: .http),
        ])
        let created = refused.compactMap { try? $0.get() }
        #expect(created.count == 1)
        #expect(refused.contains { $0 == .failure(.jobRunning(runID: created.first?.run.id ?? "")) })
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 2)
    }

    @Test func batchingIsPreferredOnlyForAllowJobsWithACountedQueueFarFromFull() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0, queueCapacity: 10)
        defer { engine.stop() }
        let request = RunRequest(descriptor: job.descriptor, trigger: .http)
        #expect(!engine.prefersBatch(request), "the queue was never counted")
        _ = try engine.trigger(request)
        #expect(engine.prefersBatch(request))
        var slot = request
        slot.scheduledFor = Date()
        #expect(!engine.prefersBatch(slot))
        for _ in 0..<8 { _ = try engine.trigger(request) }
        #expect(!engine.prefersBatch(request), "9 of 10 queued: the exact capacity check decides")
    }

    @Test func aQueueAtCapacityRefusesBatchedTriggersExactly() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0, queueCapacity: 20)
        defer { engine.stop() }
        let results = Self.submitAll(engine, (0..<30).map { _ in RunRequest(descriptor: job.descriptor, trigger: .http) })
        let stored = try db.scalar("SELECT count(*) FROM checktick_jobs.runs")
        #expect(stored == 20, "18 share the statement (90 %), the exact path admits 2 more")
        #expect(results.filter { (try? $0.get()) != nil }.count == stored)
        #expect(results.contains { $0 == .failure(.queueFull) })
    }

    @Test func aFailedStatementStoresItsTriggersOneByOne() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0)
        defer { engine.stop() }
        // A constraint the clashing key's run violates (an operator's own rule, say): the batch statement
        // fails as a whole and stores nothing; every trigger of it is then stored, or refused, on its own.
        try db.pool.query("""
            ALTER TABLE checktick_jobs.runs ADD CONSTRAINT no_clash CHECK (idempotency_key <> 'webhook:clash')
            """)
        let keys = ["webhook:a", "webhook:b", "webhook:clash", "webhook:c"]
        let results = Self.submitAll(engine, keys.map { RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: $0) })
        for index in [0, 1, 3] {
            guard case .success(.created) = results[index] else { Issue.record("\(keys[index]): \(results[index])"); continue }
        }
        guard case .failure = results[2] else { Issue.record("the clashing key was stored: \(results[2])"); return }
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.trigger_keys WHERE key = 'webhook:clash'") == 0)
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 3)
    }

    @Test func anUnreachableDatabaseAnswersEveryTriggerWith503() throws {
        let configuration = try PostgresConfiguration(
            connectionString: "postgresql://postgres@127.0.0.1:1/none", variableName: "DATABASE_URL")
        let pool = PostgresPool(configuration: configuration, settings: .init(size: 2), logger: TestDatabase.logger)
        defer { pool.close() }
        let job = SleepJob(seconds: 0, overlap: .allow)
        var settings = EngineSettings()
        settings.workers = 0
        let engine = JobEngine(registry: JobRegistry([job]), database: pool, settings: settings, logger: TestDatabase.logger)
        defer { engine.stop() }
        let results = Self.submitAll(engine, (0..<5).map {
            RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "webhook:down\($0)")
        })
        #expect(results.count == 5)
        for result in results {
            guard case .failure(.databaseUnavailable) = result else { Issue.record("got \(result)"); continue }
        }
    }

    @Test func aDrainingEngineRefusesAtOnce() throws {
        let db = try TestDatabase()
        let job = SleepJob(seconds: 0, overlap: .allow)
        let engine = db.engine([job], workers: 0)
        // Even a key it remembers is refused once draining, like every other trigger.
        let remembered = RunRequest(descriptor: job.descriptor, trigger: .http, idempotencyKey: "webhook:remembered")
        _ = try engine.trigger(remembered)
        #expect(engine.cachedOutcome(remembered) != nil)
        engine.beginDraining()
        #expect(engine.cachedOutcome(remembered) == nil)
        #expect(Self.submitAll(engine, [remembered]) == [.failure(.draining)])
        try db.pool.query("DELETE FROM checktick_jobs.runs")
        defer { engine.stop() }
        let results = Self.submitAll(engine, [RunRequest(descriptor: job.descriptor, trigger: .http)])
        #expect(results == [.failure(.draining)])
        #expect(try db.scalar("SELECT count(*) FROM checktick_jobs.runs") == 0)
    }
}

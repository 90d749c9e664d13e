import FoundationEssentials
import Glibc
import Logging
import Postgres
import Synchronization

/// The durable job engine: accepts triggers into `checktick_jobs.runs`, runs them on a bounded set of
/// worker threads (one job at a time across replicas), heartbeats, times out, cancels and drains.
public final class JobEngine: Sendable {
    struct State {
        var started = false
        var draining = false
        var stopped = false
        var active: [String: ActiveRun] = [:]
        var liveWorkers = 0
        var databaseHealthy = false
        var pendingMigrations: [String]? = nil
    }

    /// Registered jobs.
    public let registry: JobRegistry
    /// Durable run state.
    public let store: RunStore
    /// Tunables.
    public let settings: EngineSettings
    /// Metrics shared with the HTTP layer.
    public let metrics: ServiceMetrics
    /// This replica's identity in `runs.worker` (host:pid:random).
    public let workerID: String

    /// Called on this replica's worker threads when a run starts and when it ends; must not block for long.
    let observers: [@Sendable (RunEvent) -> Void]

    let database: PostgresPool
    let databaseConfiguration: PostgresConfiguration
    let logger: Logger
    let now: @Sendable () -> Date
    let wake = WakeSignal()
    let state = Mutex(State())
    /// The queue depth as last counted (and bumped by each trigger since), to keep the count off the hot path.
    let depthEstimate = Mutex(QueueDepthEstimate())
    /// True while a count of the queue depth runs (one at a time; see `estimatedQueueDepth`).
    let recountingDepth = Atomic<Bool>(false)
    /// Keys resolved in the last second: a repeated trigger is answered without a database round trip.
    let recentKeys = RecentKeys()
    /// When this process last sent a queue NOTIFY (one per 50 ms wakes other replicas; ours get `wake`).
    let lastNotify = Mutex<ContinuousClock.Instant?>(nil)
    /// Stores the triggers of callers that must not block, many per statement (see `submitTrigger`).
    let batcher = TriggerBatcher()

    /// Creates an engine; nothing runs until `start()`.
    public init(
        registry: JobRegistry, database: PostgresPool, settings: EngineSettings = EngineSettings(),
        metrics: ServiceMetrics = ServiceMetrics(), logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        observers: [@Sendable (RunEvent) -> Void] = []
    ) {
        self.observers = observers
        self.registry = registry
        self.database = database
        self.databaseConfiguration = database.configuration
        self.store = RunStore(database: database)
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.now = now
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.workerID = "\(hostName):\(getpid()):\(suffix)"
        batcher.setProcessor { [weak self] batch in
            guard let self else {
                for item in batch { item.completion(.failure(.draining)) }
                return
            }
            self.storeBatch(batch)
        }
    }

    /// Starts the workers, the NOTIFY listener and the maintenance loop.
    public func start() {
        let workers = state.withLock { state -> Int in
            guard !state.started else { return -1 }
            state.started = true
            state.liveWorkers = settings.workers
            return settings.workers
        }
        guard workers >= 0 else { return }
        for index in 0..<workers {
            DetachedThread.start(name: "ctj-worker-\(index)") { [self] in workerLoop() }
        }
        if workers > 0 {
            DetachedThread.start(name: "ctj-listen") { [self] in listenLoop() }
        }
        DetachedThread.start(name: "ctj-maint") { [self] in maintenanceLoop() }
    }

    /// Stores a trigger (committed before this returns) and wakes a worker.
    public func trigger(_ request: RunRequest) throws(JobEngineError) -> EnqueueOutcome {
        if state.withLock({ $0.draining }) { throw .draining }
        if let key = request.idempotencyKey, let run = recentKeys.run(for: key) {
            return .deduplicated(run)
        }
        do {
            let fastPath = try estimatedQueueDepth() < exactCheckDepth
            let notify = claimNotify()
            let outcome = try store.enqueue(
                request, queueCapacity: settings.queueCapacity, fastPath: fastPath, notify: notify)
            if case .created = outcome {
                depthEstimate.withLock { $0.add(1) }
                wake.signal()
            }
            if let key = request.idempotencyKey { recentKeys.remember(key, run: outcome.run) }
            return outcome
        } catch let error as JobEngineError {
            throw error
        } catch let error as PostgresError {
            logger.warning("trigger not stored", metadata: ["job.name": "\(request.descriptor.name)", "error": "\(error.debugDescription)"])
            throw .databaseUnavailable(detail: error.description)
        } catch {
            throw .databaseUnavailable(detail: "unexpected error")
        }
    }

    /// The queue depth, counted at most every 250 ms or 2 s (`recountInterval`, capped at the capacity): exact capacity checks happen
    /// on the transactional path once the estimate comes near the capacity. One count at a time: while a
    /// count runs, other callers take the last figure (a long queue takes milliseconds to count, and a
    /// burst of callers each counting it would stall the database).
    func estimatedQueueDepth() throws -> Int {
        let cached = depthEstimate.withLock { $0 }
        if let countedAt = cached.countedAt {
            if ContinuousClock.now - countedAt < recountInterval(depth: cached.depth) { return cached.depth }
            guard recountingDepth.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
            else { return cached.depth }
            defer { recountingDepth.store(false, ordering: .releasing) }
            return try countQueueDepth()
        }
        return try countQueueDepth()
    }

    /// The queue depth (90 % of the capacity) from which every trigger gets the exact capacity check;
    /// below it the estimate decides.
    var exactCheckDepth: Int { settings.queueCapacity - settings.queueCapacity / 10 }

    /// How old a queue count may get: 250 ms once the queue is past half of the point where the exact
    /// capacity check takes over, 2 s below that (a long queue far from full is not worth counting four
    /// times a second: between counts the figure grows with every trigger this replica stores).
    func recountInterval(depth: Int) -> Duration {
        depth * 2 >= exactCheckDepth ? .milliseconds(250) : .seconds(2)
    }

    /// Counts the queue now and records the figure, plus what this replica stored while the count ran
    /// (a count that started before a trigger committed must not erase that trigger from the estimate).
    private func countQueueDepth() throws -> Int {
        let now = ContinuousClock.now
        let addedBefore = depthEstimate.withLock { $0.added }
        let counted = try database.withConnection { connection in
            try RunStore.cappedQueueDepth(connection, cap: settings.queueCapacity)
        }
        return depthEstimate.withLock { $0.recount(counted, at: now, addedBefore: addedBefore) }
    }

    /// The last figure, without waiting: when it is older than `recountInterval` a count starts on a thread of its own
    /// (for callers that must not wait for one — a batch, the event loop). Nil when never counted yet.
    func queueDepthWithoutWaiting() -> (depth: Int, age: Duration)? {
        let cached = depthEstimate.withLock { $0 }
        let age = cached.countedAt.map { ContinuousClock.now - $0 }
        if age.map({ $0 >= recountInterval(depth: cached.depth) }) ?? true,
           recountingDepth.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        {
            DetachedThread.start(name: "ctj-depth") { [self] in
                _ = try? countQueueDepth()
                recountingDepth.store(false, ordering: .releasing)
            }
        }
        guard let age else { return nil }
        return (cached.depth, age)
    }

    /// Whether `/readyz` should say ready, and the reason when not.
    public func readiness() -> (ready: Bool, reason: String?) {
        state.withLock { state in
            if state.draining { return (false, "draining") }
            if !state.databaseHealthy { return (false, "database unavailable") }
            if let pending = state.pendingMigrations, !pending.isEmpty {
                return (false, "migrations not applied: \(pending.joined(separator: ", "))")
            }
            if state.pendingMigrations == nil { return (false, "starting") }
            if state.liveWorkers < settings.workers { return (false, "workers not running") }
            return (true, nil)
        }
    }

    /// Runs whose ids this replica is executing now.
    public var activeRunIDs: [String] { state.withLock { Array($0.active.keys) } }

    /// Wakes idle workers (a trigger was stored elsewhere, or a test wants a prompt claim).
    public func wakeWorkers() { wake.signal() }
}

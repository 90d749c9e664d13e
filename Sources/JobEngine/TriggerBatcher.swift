import Threads

/// The queue between callers that must not block (the HTTP event loop) and the threads that store
/// triggers: each thread takes everything waiting, up to `maxBatch`, and stores it with one statement.
/// While a batch is in the database the next one gathers, so the batch size follows the load by itself
/// (one trigger alone is stored at once; 64 concurrent triggers share a commit).
final class TriggerBatcher: @unchecked Sendable {
    /// Receives the outcome of one trigger, on a batcher thread.
    typealias Completion = @Sendable (Result<EnqueueOutcome, JobEngineError>) -> Void

    /// One trigger waiting to be stored.
    struct Item: Sendable {
        let request: RunRequest
        let completion: Completion
    }

    private let threadCount: Int
    private let maxBatch: Int
    /// Stores one batch and completes every item of it; set once, before the first `submit`.
    private var process: @Sendable ([Item]) -> Void = { batch in
        for item in batch { item.completion(.failure(.draining)) }
    }
    // Everything below is guarded by `lock`.
    private let lock = ConditionLock()
    private var pending: [Item] = []
    private var started = false
    private var stopping = false

    /// A batcher whose `threadCount` threads (started on first use) pass batches to the processor.
    init(threadCount: Int = 2, maxBatch: Int = 256) {
        self.threadCount = max(1, threadCount)
        self.maxBatch = max(1, maxBatch)
    }

    /// Sets what stores a batch (the engine, once it is fully initialised).
    func setProcessor(_ processor: @escaping @Sendable ([Item]) -> Void) {
        lock.withLock { process = processor }
    }

    /// Queues a trigger; false once the batcher is stopping (nothing was queued).
    func submit(_ item: Item) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !stopping else { return false }
        if !started {
            started = true
            for index in 0..<threadCount {
                DetachedThread.start(name: "ctj-batch-\(index)") { [self] in work() }
            }
        }
        pending.append(item)
        lock.signal()
        return true
    }

    /// Refuses new triggers; the threads store what is queued, then exit.
    func stop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    private func work() {
        while true {
            lock.lock()
            while pending.isEmpty && !stopping {
                lock.wait()
            }
            if pending.isEmpty {
                lock.unlock()
                return
            }
            let batch: [Item]
            let process = self.process
            if pending.count <= maxBatch {
                batch = pending
                pending = []
            } else {
                batch = Array(pending.prefix(maxBatch))
                pending.removeFirst(maxBatch)
                lock.signal()
            }
            lock.unlock()
            process(batch)
        }
    }
}

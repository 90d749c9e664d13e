import Glibc

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
    // pthread primitives need stable addresses; everything below `condition` is guarded by `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending: [Item] = []
    private var started = false
    private var stopping = false

    /// A batcher whose `threadCount` threads (started on first use) pass batches to the processor.
    init(threadCount: Int = 2, maxBatch: Int = 256) {
        self.threadCount = max(1, threadCount)
        self.maxBatch = max(1, maxBatch)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Sets what stores a batch (the engine, once it is fully initialised).
    func setProcessor(_ processor: @escaping @Sendable ([Item]) -> Void) {
        pthread_mutex_lock(mutex)
        process = processor
        pthread_mutex_unlock(mutex)
    }

    /// Queues a trigger; false once the batcher is stopping (nothing was queued).
    func submit(_ item: Item) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !stopping else { return false }
        if !started {
            started = true
            for index in 0..<threadCount {
                DetachedThread.start(name: "ctj-batch-\(index)") { [self] in work() }
            }
        }
        pending.append(item)
        pthread_cond_signal(condition)
        return true
    }

    /// Refuses new triggers; the threads store what is queued, then exit.
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private func work() {
        while true {
            pthread_mutex_lock(mutex)
            while pending.isEmpty && !stopping {
                pthread_cond_wait(condition, mutex)
            }
            if pending.isEmpty {
                pthread_mutex_unlock(mutex)
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
                pthread_cond_signal(condition)
            }
            pthread_mutex_unlock(mutex)
            process(batch)
        }
    }
}

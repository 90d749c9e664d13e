import Postgres

/// Triggers from callers that must not block (the HTTP event loop): stored in batches, one statement
/// and one commit for every trigger that arrived while the previous batch was in the database.
extension JobEngine {
    /// The outcome of a trigger, delivered once on another thread.
    public typealias TriggerCompletion = @Sendable (Result<EnqueueOutcome, JobEngineError>) -> Void

    /// Stores a trigger like `trigger(_:)` without blocking the caller; `completion` runs once the run is
    /// committed (or the trigger failed), on a batcher thread — or right away, on the calling thread,
    /// when the answer needs no database (a key resolved within the last second, a draining engine).
    /// Triggers that `prefersBatch` accepts share one statement and one commit; any other trigger takes
    /// the exact path on a batcher thread (callers that may block should call `trigger(_:)` for those).
    public func submitTrigger(_ request: RunRequest, completion: @escaping TriggerCompletion) {
        if state.withLock({ $0.draining }) {
            completion(.failure(.draining))
            return
        }
        if let outcome = cachedOutcome(request) {
            completion(.success(outcome))
            return
        }
        if !batcher.submit(TriggerBatcher.Item(request: request, completion: completion)) {
            completion(.failure(.draining))
        }
    }

    /// The answer to a trigger whose idempotency key this process resolved within the last second, if any:
    /// known without the database. Nil while draining (every trigger is then refused alike).
    public func cachedOutcome(_ request: RunRequest) -> EnqueueOutcome? {
        guard let key = request.idempotencyKey, let run = recentKeys.run(for: key), !state.withLock({ $0.draining })
        else { return nil }
        return .deduplicated(run)
    }

    /// Whether `submitTrigger` would store this trigger in a batch: overlap `allow` (no waiting run to join,
    /// no active run to forbid it), no scheduler slot, and a queue counted lately (at most a second past its
    /// recount interval) and well below its capacity (the exact capacity check happens on the exact path).
    public func prefersBatch(_ request: RunRequest) -> Bool {
        guard request.descriptor.overlap == .allow, request.scheduledFor == nil,
              let estimate = queueDepthWithoutWaiting(), estimate.age < recountInterval(depth: estimate.depth) + .seconds(1)
        else { return false }
        return estimate.depth < exactCheckDepth
    }

    /// Whether this trigger should send the queue NOTIFY (at most one per 50 ms from this process: NOTIFY
    /// serialises commits on a global lock, and one wake-up per burst is enough).
    func claimNotify() -> Bool {
        let now = ContinuousClock.now
        return lastNotify.withLock { last -> Bool in
            guard last.map({ now - $0 >= .milliseconds(50) }) ?? true else { return false }
            last = now
            return true
        }
    }

    /// Stores one batch on a batcher thread and completes each of its triggers.
    func storeBatch(_ items: [TriggerBatcher.Item]) {
        // 1. the queue estimate, kept fresh while triggers flow (the event loop never counts)
        let depth: Int
        if let estimate = queueDepthWithoutWaiting() {
            depth = estimate.depth
        } else {
            do {
                depth = try estimatedQueueDepth()
            } catch {
                fail(items, error)
                return
            }
        }
        // 2. what may share the statement: no more runs than keep the queue below 90 % of its capacity (the
        //    rest meet the exact capacity check); a key repeated within the batch follows its first trigger
        //    (a retry storm of one webhook-id costs one lookup, not one per request)
        var room = exactCheckDepth - depth
        var leaders: [String: Int] = [:]
        var followers: [Int: [TriggerBatcher.Item]] = [:]
        var batch: [Int] = []
        var exact: [Int] = []
        for (index, item) in items.enumerated() {
            let request = item.request
            if let key = request.idempotencyKey {
                if let leader = leaders[key] {
                    followers[leader, default: []].append(item)
                    continue
                }
                leaders[key] = index
            }
            if room <= 0 || request.descriptor.overlap != .allow || request.scheduledFor != nil {
                exact.append(index)
            } else {
                batch.append(index)
                room -= 1
            }
        }
        // 3. one statement for the batch, committed before anyone is answered
        var created: [RunRecord?] = []
        if !batch.isEmpty {
            do {
                created = try store.insertBatch(batch.map { items[$0].request }, notify: claimNotify())
            } catch where error.isConnectionError || error.sqlState == nil {
                fail(items, error)
                return
            } catch {
                // A statement error stored nothing: every trigger of it takes the exact path, one by one.
                logger.warning("batched insert failed; storing its triggers one by one",
                               metadata: ["error": "\(error.debugDescription)"])
                created = Array(repeating: nil, count: batch.count)
            }
        }
        var stored = 0
        for (index, run) in zip(batch, created) {
            guard let run else {
                exact.append(index)
                continue
            }
            stored += 1
            complete(items[index], followers[index], .success(.created(run)))
        }
        if stored > 0 {
            depthEstimate.withLock { $0.add(stored) }
            wake.signal()
        }
        // (New keys are not remembered: at thousands of triggers a second that memory would churn for
        // nothing; the first repeat of a key costs one lookup, which then answers the ones after it.)
        // 4. the rest (a key seen before, a refused run, a queue near capacity) take the exact path
        for index in exact {
            let result: Result<EnqueueOutcome, JobEngineError>
            do {
                result = .success(try trigger(items[index].request))
            } catch {
                result = .failure(error)
            }
            complete(items[index], followers[index], result)
        }
    }

    /// Answers a trigger and the later triggers of the batch that carried its key: they see the run the key
    /// now resolves to, as a repeat would (or the same refusal).
    private func complete(
        _ item: TriggerBatcher.Item, _ followers: [TriggerBatcher.Item]?, _ result: Result<EnqueueOutcome, JobEngineError>
    ) {
        item.completion(result)
        for follower in followers ?? [] {
            follower.completion(result.map { .deduplicated($0.run) })
        }
    }

    /// Answers every trigger of a batch with "database unavailable" (nothing of it was stored).
    private func fail(_ items: [TriggerBatcher.Item], _ error: any Error) {
        let detail = (error as? PostgresError)?.debugDescription ?? "\(error)"
        logger.warning("triggers not stored", metadata: ["triggers": "\(items.count)", "error": "\(detail)"])
        let failure = JobEngineError.databaseUnavailable(detail: (error as? PostgresError)?.description ?? "unexpected error")
        for item in items { item.completion(.failure(failure)) }
    }
}

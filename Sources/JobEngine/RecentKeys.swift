import Synchronization

/// Idempotency keys this process resolved on the exact path (a repeat looked up, a trigger of a `queue`
/// or `forbid` job stored) in the last moment, with the run they resolved to: a repeated `webhook-id`
/// (a retrying sender, a replayed request) is answered from memory instead of the database. Keys of
/// batched triggers are not put here (see `storeBatch`). Safe because a key is only remembered after it
/// was committed; the run's status in such an answer may be up to `lifetime` old.
final class RecentKeys: Sendable {
    private struct Entry {
        let run: RunRecord
        let storedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let lifetime: Duration

    /// A cache of at most `capacity` keys, each kept for `lifetime`.
    init(capacity: Int = 4096, lifetime: Duration = .seconds(1)) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// The run a key resolved to, if it was seen within the lifetime.
    func run(for key: String, now: ContinuousClock.Instant = .now) -> RunRecord? {
        state.withLock { state in
            guard let entry = state.entries[key], now - entry.storedAt < lifetime else { return nil }
            return entry.run
        }
    }

    /// Remembers a committed key; the oldest key is forgotten when full.
    func remember(_ key: String, run: RunRecord, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if state.entries.updateValue(Entry(run: run, storedAt: now), forKey: key) != nil { return }
            state.order.append(key)
            if state.order.count - state.head > capacity {
                state.entries.removeValue(forKey: state.order[state.head])
                state.head += 1
                if state.head > capacity {
                    state.order.removeFirst(state.head)
                    state.head = 0
                }
            }
        }
    }
}

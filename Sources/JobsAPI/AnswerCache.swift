import JobEngine
import Synchronization

/// Encoded bodies of recent "200, here is the run you triggered before" answers. A retry storm of one
/// webhook-id is answered from memory by the engine; without this, encoding the run view (JSON decoding
/// its options, JSON encoding the whole view) cost more than everything else the request needs.
/// An entry is used only while the run record it was made from is unchanged.
final class AnswerCache: Sendable {
    private struct Key: Hashable {
        let runID: String
        let coalesced: Bool
    }

    private struct Entry {
        let run: RunRecord
        let body: [UInt8]
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let capacity: Int

    /// A cache of at most `capacity` bodies (emptied when full: the entries are only worth it in a storm).
    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The body made for exactly this record, if any.
    func body(for run: RunRecord, coalesced: Bool) -> [UInt8]? {
        entries.withLock { entries in
            guard let entry = entries[Key(runID: run.id, coalesced: coalesced)], entry.run == run else { return nil }
            return entry.body
        }
    }

    /// Remembers the body made for this record.
    func store(_ body: [UInt8], for run: RunRecord, coalesced: Bool) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[Key(runID: run.id, coalesced: coalesced)] = Entry(run: run, body: body)
        }
    }
}

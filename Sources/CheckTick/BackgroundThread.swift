import Dispatch
import Synchronization

/// Runs blocking work (SMTP sends) on a thread of its own while the caller continues with database
/// work, and hands back the result on `join()`.
final class BackgroundThread<Value: Sendable>: Sendable {
    /// Where the worker leaves its result.
    private final class Slot: Sendable {
        let value = Mutex<Value?>(nil)
    }

    private let group: DispatchGroup
    private let slot: Slot

    /// Starts `body` now.
    init(_ body: @escaping @Sendable () -> Value) {
        let group = DispatchGroup()
        let slot = Slot()
        self.group = group
        self.slot = slot
        group.enter()
        DispatchQueue.global().async {
            let value = body()
            slot.value.withLock { $0 = value }
            group.leave()
        }
    }

    /// Waits for the work to finish and returns its result.
    func join() -> Value {
        group.wait()
        return slot.value.withLock { $0! }
    }
}

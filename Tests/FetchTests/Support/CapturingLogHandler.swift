import Logging
import Synchronization

/// A log handler that keeps messages in memory so tests can count them.
struct CapturingLogHandler: LogHandler {
    /// Shared store of captured messages.
    final class Store: Sendable {
        private let entries = Mutex<[(Logger.Level, String)]>([])

        /// Appends one entry.
        func append(_ level: Logger.Level, _ message: String) {
            entries.withLock { $0.append((level, message)) }
        }

        /// How many messages equal `message`.
        func count(_ message: String) -> Int {
            entries.withLock { $0.filter { $0.1 == message }.count }
        }
    }

    /// Where messages go.
    let store: Store
    /// Handler metadata (unused by the tests).
    var metadata: Logger.Metadata = [:]
    /// Everything is captured.
    var logLevel: Logger.Level = .trace

    /// Returns a logger writing into `store`.
    static func logger(_ store: Store) -> Logger {
        Logger(label: "capture") { _ in CapturingLogHandler(store: store) }
    }

    /// Records the message text and level.
    func log(event: LogEvent) {
        store.append(event.level, event.message.description)
    }

    /// Metadata access required by LogHandler.
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}

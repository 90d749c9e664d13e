import Logging
import Synchronization

/// A log handler that keeps every entry, for asserting on the access log.
struct CapturingLogHandler: LogHandler {
    /// One captured entry.
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    /// Where entries go; shared by the copies swift-log makes.
    final class Store: Sendable {
        let entries = Mutex<[Entry]>([])
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        store.entries.withLock { $0.append(Entry(level: event.level, message: "\(event.message)", metadata: merged)) }
    }
}

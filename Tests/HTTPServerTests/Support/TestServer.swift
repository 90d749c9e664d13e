import HTTPServer
import Logging
import Synchronization

/// Starts a server on a free loopback port for one test and stops it afterwards.
enum TestServer {
    /// A logger that drops everything.
    static let quietLogger = Logger(label: "http-test") { _ in SwiftLogNoOpLogHandler() }

    /// Small, fast settings: one loop, two handler threads, loopback, port 0.
    static func configuration(_ adjust: (inout HTTPServerConfiguration) -> Void = { _ in }) -> HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopCount = 1
        configuration.handlerThreads = 2
        adjust(&configuration)
        return configuration
    }

    /// Runs `body` with the port of a started server, then shuts it down.
    static func with(
        _ configuration: HTTPServerConfiguration = configuration(), logger: Logger = quietLogger,
        routes: (inout Router) -> Void, _ body: (_ port: Int, _ server: HTTPServer) throws -> Void
    ) throws {
        var router = Router()
        routes(&router)
        let server = HTTPServer(configuration: configuration, router: router, logger: logger)
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(2)) }
        try body(port, server)
    }
}

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

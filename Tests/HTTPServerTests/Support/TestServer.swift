import HTTPServer
import Logging

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

import Foundation
import HTTPServer
import JobEngine
import JobsAPI
import Logging
import Signing
import Synchronization
import TestSupport

/// A live server (real socket, port 0) with the API, an engine and its own database.
final class APIHarness: @unchecked Sendable {  // only immutable state after init
    static let secretText = "whsec_" + Base64.encode(Array("0123456789abcdef0123456789abcdef".utf8))
    static let restrictedText = "whsec_" + Base64.encode(Array("restricted-key-restricted-key-xx".utf8))
    static let readToken = "read-token-for-tests-123"

    let database: TestDatabase
    let engine: JobEngine
    let server: HTTPServer
    let port: Int
    let secret: WebhookSecret
    let restricted: WebhookSecret
    let clock: TestClock

    init(jobs: [any Job], workers: Int = 1, queueCapacity: Int = 100, presignedInterval: Int64 = 60) throws {
        database = try TestDatabase()
        engine = database.engine(jobs, workers: workers, queueCapacity: queueCapacity)
        let keyring = try WebhookKeyring(parsing: "\(Self.secretText) \(Self.restrictedText)@sleep")
        secret = keyring.secrets[0]
        restricted = keyring.secrets[1]
        let clock = TestClock(Int64(Date().timeIntervalSince1970))
        self.clock = clock
        let authenticator = Authenticator(
            verifier: WebhookVerifier(keyring: keyring), readToken: Self.readToken, now: { clock.value })
        let api = JobsAPI(
            engine: engine, authenticator: authenticator, logger: TestDatabase.logger,
            presignedMinInterval: presignedInterval, now: { Date(timeIntervalSince1970: TimeInterval(clock.value)) })
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopCount = 1
        configuration.handlerThreads = 8
        configuration.onResponse = { api.recordAccess($0) }
        server = HTTPServer(configuration: configuration, router: api.makeRouter(), logger: TestDatabase.logger)
        engine.start()
        port = try server.start()
    }

    deinit {
        server.shutdown(gracePeriod: .seconds(1))
        engine.stop()
    }

    var now: Int64 { clock.value }

    /// Signed headers for a body, with a chosen id, key and timestamp.
    func signed(
        _ body: String = "", id: String = "msg_\(UUID().uuidString)", key: WebhookSecret? = nil, timestamp: Int64? = nil
    ) -> [(String, String)] {
        let headers = WebhookSigner.headers(
            secret: key ?? secret, id: id, timestamp: timestamp ?? now, body: Array(body.utf8))
        return headers.fields.map { ($0.name, $0.value) } + [("Content-Type", "application/json")]
    }

    /// Sends a signed trigger on a fresh connection.
    func trigger(_ job: String, body: String = "", id: String = "msg_\(UUID().uuidString)", query: String = "")
        throws -> TestHTTPClient.Response
    {
        try TestHTTPClient(port: port).request(
            "POST", "/jobs/\(job)\(query)", headers: signed(body, id: id), body: Array(body.utf8))
    }

    /// A GET with the read token.
    func read(_ target: String) throws -> TestHTTPClient.Response {
        try TestHTTPClient(port: port).request("GET", target, headers: [("Authorization", "Bearer \(Self.readToken)")])
    }
}

/// A settable Unix clock shared with the server's closures.
final class TestClock: Sendable {
    private let seconds: Mutex<Int64>
    init(_ start: Int64) { seconds = Mutex(start) }
    var value: Int64 { seconds.withLock { $0 } }
    func advance(by delta: Int64) { seconds.withLock { $0 += delta } }
}

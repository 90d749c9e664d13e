import Foundation
import Glibc
import Signing
import TestSupport

/// The real `checktick-jobs` binary started as a child process on a free port.
final class ServerProcess {
    static let secret = "whsec_" + Base64.encode(Array("integration-secret-integration!!".utf8))

    /// The built binary (scripts/test builds it before running the tests).
    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/checktick-jobs").path
    }

    let child: ChildProcess
    let port: Int
    let logPath: String

    /// Starts `checktick-jobs serve` against `databaseURL` with extra environment.
    init(databaseURL: String, environment: [String: String] = [:], port: Int? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw SetupError("\(Self.binary) is missing: build with `swift build` first (scripts/test does)")
        }
        self.port = port ?? Self.freePort()
        logPath = NSTemporaryDirectory() + "ctj-serve-\(UUID().uuidString).log"
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = databaseURL
        env["JOBS_WEBHOOK_SECRETS"] = Self.secret
        env["JOBS_DIAGNOSTIC_JOBS"] = "1"
        env["JOBS_LISTEN"] = "127.0.0.1:\(self.port)"
        env["JOBS_LOG_LEVEL"] = "info"
        for (key, value) in environment { env[key] = value }
        child = try ChildProcess(path: Self.binary, arguments: ["serve", "--migrate"], environment: env, outputPath: logPath)
    }

    deinit {
        if child.isRunning { child.signal(SIGKILL) }
        _ = child.waitForExit(timeout: .seconds(10))
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// Waits until `/readyz` answers 200.
    func waitUntilReady(timeout: Duration = .seconds(20)) throws {
        let ready = eventually(timeout: timeout) {
            (try? TestHTTPClient(port: port).request("GET", "/readyz").status) == 200
        }
        if !ready { throw SetupError("server on \(port) not ready; log:\n\(log)") }
    }

    /// Sends a signal.
    func signal(_ signal: Int32) { child.signal(signal) }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration = .seconds(60)) -> Int32? {
        child.waitForExit(timeout: timeout)
    }

    /// The server's log so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// A signed trigger.
    func trigger(_ job: String, id: String = "msg_\(UUID().uuidString)", body: String = "", query: String = "")
        throws -> TestHTTPClient.Response
    {
        let keyring = try WebhookKeyring(parsing: Self.secret)
        let headers = WebhookSigner.headers(
            secret: keyring.secrets[0], id: id, timestamp: Int64(Date().timeIntervalSince1970), body: Array(body.utf8))
        return try TestHTTPClient(port: port).request(
            "POST", "/jobs/\(job)\(query)", headers: headers.fields.map { ($0.name, $0.value) }, body: Array(body.utf8))
    }

    /// An unused loopback port.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

import Foundation
import TestSupport

/// A PostgreSQL cluster of the test's own (scripts/pg-up.sh on another port), so it can be restarted.
final class PrivateCluster {
    let root: String
    let port: Int
    var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    static var scripts: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts")
    }

    init() throws {
        port = ServerProcess.freePort()
        root = "/tmp/ctj-private-pg-\(port)"
        try start()
    }

    func start() throws {
        guard run("pg-up.sh") == 0 else { throw SetupError("could not start a private PostgreSQL in \(root)") }
    }

    func stop() { _ = run("pg-down.sh") }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    private func run(_ script: String) -> Int32 {
        var env = ProcessInfo.processInfo.environment
        env["PGROOT"] = root
        env["PGPORT"] = String(port)
        return (try? ChildProcess.run(Self.scripts.appendingPathComponent(script).path, environment: env)) ?? -1
    }
}

extension ServerProcess {
    /// Runs `checktick-jobs migrate` against a database.
    func migrate(databaseURL: String) throws {
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = databaseURL
        guard try ChildProcess.run(Self.binary, ["migrate"], environment: env) == 0 else {
            throw SetupError("migrate failed")
        }
    }
}

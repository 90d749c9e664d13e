import Foundation
import Glibc
import Postgres
import TestSupport
import Testing

/// Scenarios that need real processes: crash, drain, two replicas, database restart.
@Suite("The serve process: crash recovery, drain, replicas, database restart", .serialized)
struct ProcessTests {
    private func runStatus(_ db: TestDatabase, _ id: String) throws -> String? {
        try db.pool.query("SELECT status FROM checktick_jobs.runs WHERE id = \(id)::uuid").first?
            .decode("status", as: String.self)
    }

    @Test func killDashNineRightAfterAcceptLosesNoRun() throws {
        let db = try TestDatabase()
        let env = ["JOBS_DIAGNOSTIC_SLEEP_MS": "1500", "JOBS_LEASE_S": "3", "JOBS_WORKERS": "1"]
        let first = try ServerProcess(databaseURL: db.configuration.connectionString, environment: env)
        try first.waitUntilReady()
        let running = try first.trigger("diagnostic_sleep")
        let waiting = try first.trigger("diagnostic_sleep")
        #expect(running.status == 202)
        #expect(waiting.status == 202)
        first.signal(SIGKILL)
        _ = first.waitForExit()
        let ids = [running.json["run_id"] as? String, waiting.json["run_id"] as? String].compactMap { $0 }
        #expect(ids.count == 2)
        let second = try ServerProcess(databaseURL: db.configuration.connectionString, environment: env)
        try second.waitUntilReady()
        let done = try eventually(timeout: .seconds(30)) {
            try ids.allSatisfy { try runStatus(db, $0) == "succeeded" }
        }
        let statuses = try ids.map { try runStatus(db, $0) ?? "missing" }
        #expect(done, "runs after restart: \(statuses)\n\(second.log)")
    }

    @Test func twoServeProcessesNeverRunOneJobConcurrently() throws {
        let db = try TestDatabase()
        let env = ["JOBS_DIAGNOSTIC_SLEEP_MS": "150", "JOBS_WORKERS": "3", "JOBS_DIAGNOSTIC_OVERLAP": "allow"]
        let a = try ServerProcess(databaseURL: db.configuration.connectionString, environment: env)
        let b = try ServerProcess(databaseURL: db.configuration.connectionString, environment: env)
        try a.waitUntilReady()
        try b.waitUntilReady()
        for index in 0..<10 {
            #expect(try (index.isMultiple(of: 2) ? a : b).trigger("diagnostic_sleep").status == 202)
        }
        #expect(try eventually(timeout: .seconds(30)) {
            try db.scalar("SELECT count(*) FROM checktick_jobs.runs WHERE status = 'succeeded'") == 10
        })
        // Each run printed its start and end times; no two intervals may overlap.
        var spans: [(Int64, Int64)] = []
        for row in try db.pool.query("SELECT output FROM checktick_jobs.runs") {
            let lines = try row.decode("output", as: String.self).split(separator: "\n")
            let start = lines.first.flatMap { Int64($0.split(separator: " ")[2]) }
            let end = lines.last.flatMap { Int64($0.split(separator: " ")[2]) }
            if let start, let end { spans.append((start, end)) }
        }
        spans.sort { $0.0 < $1.0 }
        #expect(spans.count == 10)
        for (earlier, later) in zip(spans, spans.dropFirst()) {
            #expect(earlier.1 <= later.0, "runs overlapped: \(earlier) and \(later)")
        }
    }

    @Test func sigtermLetsARunningJobFinishAndExitsZero() throws {
        let db = try TestDatabase()
        let server = try ServerProcess(
            databaseURL: db.configuration.connectionString, environment: ["JOBS_DIAGNOSTIC_SLEEP_MS": "1500"])
        try server.waitUntilReady()
        let id = try #require(try server.trigger("diagnostic_sleep").json["run_id"] as? String)
        #expect(try eventually { try runStatus(db, id) == "running" })
        server.signal(SIGTERM)
        #expect(server.waitForExit() == 0)
        #expect(try runStatus(db, id) == "succeeded")
    }

    @Test func sigtermRequeuesAJobThatOutlivesTheGracePeriod() throws {
        let db = try TestDatabase()
        let server = try ServerProcess(
            databaseURL: db.configuration.connectionString,
            environment: ["JOBS_DIAGNOSTIC_SLEEP_MS": "30000", "JOBS_SHUTDOWN_GRACE_S": "1"])
        try server.waitUntilReady()
        let id = try #require(try server.trigger("diagnostic_sleep").json["run_id"] as? String)
        #expect(try eventually { try runStatus(db, id) == "running" })
        server.signal(SIGTERM)
        #expect(server.waitForExit(timeout: .seconds(20)) == 0)
        #expect(try runStatus(db, id) == "queued")
    }

    @Test func recoversWhenTheDatabaseRestartsMidRun() throws {
        let cluster = try PrivateCluster()
        defer { cluster.stop() }
        let server = try ServerProcess(
            databaseURL: cluster.url, environment: ["JOBS_DIAGNOSTIC_SLEEP_MS": "3000", "JOBS_WORKERS": "1"])
        try server.migrate(databaseURL: cluster.url)
        try server.waitUntilReady()
        let id = try #require(try server.trigger("diagnostic_sleep").json["run_id"] as? String)
        _ = eventually { server.log.contains("run started") }
        cluster.stop()
        // While the database is down: triggers get 503 (nothing half-written) and readiness fails.
        let refused = try server.trigger("diagnostic_fail")
        #expect(refused.status == 503)
        #expect(refused.headers["retry-after"] != nil)
        #expect(eventually { (try? TestHTTPClient(port: server.port).request("GET", "/readyz").status) == 503 })
        try cluster.start()
        try server.waitUntilReady(timeout: .seconds(30))
        let pool = PostgresPool(configuration: try PostgresConfiguration(connectionString: cluster.url), logger: TestDatabase.logger)
        defer { pool.close() }
        let finished = eventually(timeout: .seconds(30)) {
            (try? pool.query("SELECT status FROM checktick_jobs.runs WHERE id = \(id)::uuid").first?
                .decode("status", as: String.self)) == "succeeded"
        }
        #expect(finished, "\(server.log)")
        #expect(try server.trigger("diagnostic_sleep").status == 202)
    }
}

import Foundation
import TestSupport
import Testing

/// Bad configuration stops the binary at start with one line naming the variable, and never echoes a secret.
@Suite("Start-up configuration errors")
struct ConfigurationTests {
    private func run(_ arguments: [String], _ environment: [String: String]) throws -> (status: Int32, output: String) {
        let log = NSTemporaryDirectory() + "ctj-config-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        var env = ["PATH": "/usr/bin:/bin", "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none"]
        for (key, value) in environment { env[key] = value }
        let child = try ChildProcess(path: ServerProcess.binary, arguments: arguments, environment: env, outputPath: log)
        let status = child.waitForExit(timeout: .seconds(30)) ?? -1
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test func serveRefusesToStartWithoutASecret() throws {
        let result = try run(["serve"], [:])
        #expect(result.status == 2)
        #expect(result.output.contains("JOBS_WEBHOOK_SECRETS"))
    }

    @Test func serveRefusesASecretShorterThan24Bytes() throws {
        let short = "whsec_" + Data(repeating: 7, count: 23).base64EncodedString()
        let result = try run(["serve"], ["JOBS_WEBHOOK_SECRETS": short])
        #expect(result.status == 2)
        #expect(result.output.contains("JOBS_WEBHOOK_SECRETS"))
        #expect(!result.output.contains(short))
    }

    @Test(arguments: [
        ("JOBS_WORKERS", "lots"), ("JOBS_LISTEN", "nowhere"), ("JOBS_LOG_FORMAT", "xml"), ("PORT", "70000"),
        ("JOBS_SCHEDULE", "/does/not/exist"), ("JOBS_PING_URL_PROCESS_DATA_GOVERNANCE", "ftp://example.org/x"),
    ])
    func aBadValueNamesItsVariable(variable: String, value: String) throws {
        let result = try run(["serve"], [
            variable: value, "JOBS_WEBHOOK_SECRETS": ServerProcess.secret,
        ])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains(variable), "\(result.output)")
        #expect(result.output.split(separator: "\n").count <= 2, "\(result.output)")
    }

    @Test func missingDatabaseURLIsNamed() throws {
        let result = try run(["migrate"], ["DATABASE_URL": ""])
        #expect(result.status == 2)
        #expect(result.output.contains("DATABASE_URL"))
    }

    @Test func runRefusesAnOptionTheJobDoesNotHave() throws {
        let result = try run(["run", "cleanup_survey_progress", "--force"], [:])
        #expect(result.status == 2)
        #expect(result.output.contains("does not accept --force"))
    }
}

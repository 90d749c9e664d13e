import TestSupport
import CheckTick
import Foundation
import JobEngine
import Logging
import Postgres

/// Runs one CheckTick job the way the engine does, with a fixed clock, and keeps what it printed.
struct JobHarness {
    /// The outcome of one run.
    struct Outcome {
        /// The exit code, or nil when the run threw.
        let exitCode: Int32?
        /// The error the run threw.
        let error: (any Error)?
        /// Every printed line (stdout and stderr), in order.
        let lines: [String]
        /// The summary counts.
        let summary: [String: Int64]

        /// All lines joined by newlines.
        var text: String { lines.joined(separator: "\n") }
    }

    /// The fixed "now" of the test world: 2026-03-01 02:00:00.123456 UTC.
    static let now = Date(timeIntervalSince1970: 1_772_330_400.123456)

    /// The jobs, configured like production with mail going to `smtpPort` (nil: EMAIL_HOST unset).
    static func jobs(smtpPort: Int?, extra: [String: String] = [:]) throws -> [String: any Job] {
        var environment = [
            "SITE_URL": "https://checktick.example.org/", "BRAND_TITLE": "CheckTick Test",
            "DEFAULT_FROM_EMAIL": "CheckTick <no-reply@checktick.example.org>",
        ]
        if let smtpPort {
            environment["EMAIL_HOST"] = "127.0.0.1"
            environment["EMAIL_PORT"] = String(smtpPort)
            environment["EMAIL_USE_TLS"] = "false"
            environment["EMAIL_TIMEOUT"] = "5"
            environment["JOBS_SMTP_CONNECTIONS"] = "2"
        }
        environment.merge(extra) { $1 }
        let jobs = try CheckTickJobs.make(environment: environment, logger: CheckTickDatabase.logger)
        return Dictionary(uniqueKeysWithValues: jobs.map { ($0.descriptor.name, $0) })
    }

    /// Runs `job` against `database` with the given flags at `now`.
    static func run(
        _ job: any Job, database: CheckTickDatabase, dryRun: Bool = false, verbose: Bool = false, now: Date = now
    ) -> Outcome {
        var values: [String: JSONValue] = [:]
        if dryRun { values["dry_run"] = .bool(true) }
        if verbose { values["verbose"] = .bool(true) }
        let output = RunOutput()
        let summary = RunSummary()
        let context = JobContext(
            runID: UUID().uuidString.lowercased(), parameters: JobParameters(values: values), trigger: .cli,
            logger: CheckTickDatabase.logger, database: database.pool, output: output, summary: summary,
            cancellation: CancellationToken(), deadline: .now + .seconds(120), now: { now })
        do {
            let code = try job.run(context)
            return Outcome(exitCode: code, error: nil, lines: output.lines, summary: summary.values)
        } catch {
            return Outcome(exitCode: nil, error: error, lines: output.lines, summary: summary.values)
        }
    }
}

extension SMTPSink {
    /// The stored messages, decoded into the fields the tests assert on.
    func mails() throws -> [SinkMail] {
        try messages().map(SinkMail.init)
    }
}

/// One message as the sink parsed it.
struct SinkMail {
    /// Envelope recipients.
    let recipients: [String]
    /// Decoded Subject header.
    let subject: String
    /// Top-level content type.
    let contentType: String
    /// The text/plain part.
    let text: String
    /// The text/html part.
    let html: String
    /// Parser defects (should be empty).
    let defects: [String]

    init(_ record: [String: Any]) {
        recipients = record["rcpt_tos"] as? [String] ?? []
        let parsed = record["parsed"] as? [String: Any] ?? [:]
        subject = parsed["subject"] as? String ?? ""
        contentType = parsed["content_type"] as? String ?? ""
        let parts = parsed["parts"] as? [[String: Any]] ?? []
        text = parts.first { $0["content_type"] as? String == "text/plain" }?["text"] as? String ?? ""
        html = parts.first { $0["content_type"] as? String == "text/html" }?["text"] as? String ?? ""
        defects = parsed["defects"] as? [String] ?? []
    }
}

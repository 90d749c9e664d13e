import TestSupport
import Foundation
import JobEngine
import Postgres
import Testing

@testable import CheckTick

/// The recovery "ready" e-mail is durable: recorded pending with the status change, retried on every later
/// run until the SMTP server accepts it, sent at most once, and never sent once the request moved on.
@Suite("process_recovery_time_delays: ready e-mail retries")
struct RecoveryNotificationRetryTests {
    typealias World = RecoveryTimeDelayTests.World

    static let job = "process_recovery_time_delays"
    static let user = "regular@example.com"
    static let codeLine = "  Retrying notification: ABC-123-XYZ (User: regular@example.com, Survey: Encrypted Survey)"
    static let unconfigured = "EMAIL_HOST is not set: 1 recovery-ready e-mail(s) could not be sent"

    /// One outbox row.
    struct Notification: Equatable {
        let status: String
        let attempts: Int
        let lastError: String?
        let sentAt: Date?
    }

    static func notification(_ database: CheckTickDatabase, _ request: String) throws -> Notification {
        let row = try database.connection.query("""
            SELECT status, attempts, last_error, sent_at FROM checktick_jobs.recovery_notifications
            WHERE request_id = \(request)::uuid
            """)[0]
        return Notification(
            status: try row.decode("status", as: String.self), attempts: try row.decode("attempts", as: Int.self),
            lastError: try row.decode("last_error", as: String?.self), sentAt: try row.decode("sent_at", as: Date?.self))
    }

    /// Everything the job may write, as text, to prove a run wrote nothing.
    static func snapshot(_ database: CheckTickDatabase) throws -> [String] {
        try database.connection.query("""
            SELECT 'n ' || row_to_json(n)::text AS line FROM checktick_jobs.recovery_notifications n
            UNION ALL SELECT 'r ' || id::text || ' ' || status FROM surveys_recoveryrequest
            UNION ALL SELECT 'e ' || id::text FROM surveys_recoveryauditentry
            UNION ALL SELECT 'a ' || id::text FROM checktick_jobs.audit_events
            ORDER BY 1
            """).map { try $0.decode("line", as: String.self) }
    }

    @Test func retriesTheReadyEmailOnceMailIsConfiguredAndSendsItOnce() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let sink = try SMTPSink()
        let unconfiguredJob = try #require(try JobHarness.jobs(smtpPort: nil)[Self.job])
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)[Self.job])

        // 1. no mail server: the transition happens, the e-mail is kept pending and the run fails
        let first = JobHarness.run(unconfiguredJob, database: database)
        #expect((first.error as? CommandError)?.description == Self.unconfigured)
        #expect(first.lines == ["", "Processed 1 recovery request(s)"])
        #expect(try world.status(world.expired) == "ready_for_execution")
        #expect(try sink.mails().isEmpty)
        #expect(try Self.notification(database, world.expired)
            == Notification(status: "pending", attempts: 1, lastError: "EMAIL_HOST is not set", sentAt: nil))

        // 2. still none: the retry fails the run again and nothing is processed twice
        let second = JobHarness.run(unconfiguredJob, database: database)
        #expect((second.error as? CommandError)?.description == Self.unconfigured)
        #expect(second.lines == ["Retrying 1 pending ready notification(s)"])
        #expect(try Self.notification(database, world.expired).attempts == 2)

        // 3. mail works: exactly one e-mail, and the outbox row is closed
        let third = JobHarness.run(job, database: database, verbose: true)
        #expect(third.exitCode == 0)
        #expect(third.lines == [
            "Starting recovery time delay processing at 2026-03-01 02:00:00.123456+00:00",
            "Retrying 1 pending ready notification(s)",
            Self.codeLine,
            "    ✓ Notification sent",
            "No expired time delays found",
        ])
        #expect(third.summary["notifications_retried"] == 1)
        #expect(third.summary["notifications_sent"] == 1)
        let mails = try sink.mails()
        try #require(mails.count == 1)
        #expect(mails[0].recipients == [Self.user])
        #expect(mails[0].subject == "🔑 Your Data Access is Ready - Complete Recovery Now")
        #expect(mails[0].contentType == "multipart/alternative")
        #expect(mails[0].text.contains("ABC-123-XYZ") && mails[0].text.contains("Encrypted Survey"))
        #expect(mails[0].html.contains("href=\"https://checktick.example.org/recovery/complete/ABC-123-XYZ/\""))
        #expect(mails[0].defects.isEmpty)
        #expect(try Self.notification(database, world.expired)
            == Notification(status: "sent", attempts: 3, lastError: nil, sentAt: JobHarness.now))

        // 4. after success: nothing more
        let fourth = JobHarness.run(job, database: database)
        #expect(fourth.exitCode == 0)
        #expect(fourth.lines.isEmpty)
        #expect(try sink.mails().count == 1)
    }

    @Test func retriesAfterTheSMTPServerWasDownAlongsideNewTransitions() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let down = try SMTPSink()
        down.stop()
        let downJob = try #require(try JobHarness.jobs(smtpPort: down.port)[Self.job])

        // 1. the server is down: a transport failure keeps CheckTick's exit code 0, the e-mail stays pending
        let first = JobHarness.run(downJob, database: database, verbose: true)
        #expect(first.exitCode == 0)
        #expect(first.lines.contains("    ⚠ Failed to send notification: SMTP connection failed"))
        #expect(first.summary["notifications_failed"] == 1)
        #expect(try world.status(world.expired) == "ready_for_execution")
        #expect(try Self.notification(database, world.expired).status == "pending")

        // 2. the server is back and the second request's delay has passed: one retry, one transition
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)[Self.job])
        let later = JobHarness.now + 21 * 3600
        let second = JobHarness.run(job, database: database, now: later)
        #expect(second.exitCode == 0)
        #expect(second.lines == ["Retrying 1 pending ready notification(s)", "", "Processed 1 recovery request(s)"])
        #expect(second.summary["processed"] == 1)
        #expect(second.summary["notifications_sent"] == 2)
        let mails = try sink.mails()
        try #require(mails.count == 2)
        #expect(mails.map(\.recipients) == [[Self.user], [Self.user]])
        #expect(mails[0].text.contains("ABC-123-XYZ"))
        #expect(mails[1].text.contains("DEF-456-UVW"))
        #expect(try Self.notification(database, world.expired).status == "sent")
        #expect(try Self.notification(database, world.active).status == "sent")

        // 3. nothing is sent twice
        let third = JobHarness.run(job, database: database, now: later)
        #expect(third.lines.isEmpty)
        #expect(try sink.mails().count == 2)
    }

    @Test(arguments: ["cancelled", "rejected", "completed"])
    func neverSendsTheReadyEmailOfARequestThatMovedOn(_ status: String) throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let unconfiguredJob = try #require(try JobHarness.jobs(smtpPort: nil)[Self.job])
        _ = JobHarness.run(unconfiguredJob, database: database)
        #expect(try Self.notification(database, world.expired).status == "pending")
        try database.connection.execute("""
            UPDATE surveys_recoveryrequest SET status = \(status) WHERE id = \(world.expired)::uuid
            """)

        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)[Self.job])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        #expect(outcome.lines.isEmpty)
        #expect(outcome.summary["notifications_dropped"] == 1)
        #expect(try sink.mails().isEmpty)
        #expect(try Self.notification(database, world.expired).status == "dropped")

        // Even if it came back to ready_for_execution by hand, a dropped e-mail stays dropped.
        try database.connection.execute("""
            UPDATE surveys_recoveryrequest SET status = 'ready_for_execution' WHERE id = \(world.expired)::uuid
            """)
        #expect(JobHarness.run(job, database: database).lines.isEmpty)
        #expect(try sink.mails().isEmpty)
    }

    @Test func dryRunReportsPendingEmailsAndWritesNothing() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let later = JobHarness.now + 21 * 3600
        let unconfiguredJob = try #require(try JobHarness.jobs(smtpPort: nil)[Self.job])
        _ = JobHarness.run(unconfiguredJob, database: database, now: later)
        // The second request moves on; a dry run must not even drop its pending e-mail.
        try database.connection.execute("""
            UPDATE surveys_recoveryrequest SET status = 'cancelled' WHERE id = \(world.active)::uuid
            """)
        let before = try Self.snapshot(database)

        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)[Self.job])
        let dry = JobHarness.run(job, database: database, dryRun: true, verbose: true, now: later)
        #expect(dry.exitCode == 0)
        #expect(dry.lines == [
            "Starting recovery time delay processing at 2026-03-01 23:00:00.123456+00:00",
            "DRY RUN MODE - No changes will be made",
            "Would retry 1 pending ready notification(s)",
            Self.codeLine,
            "    [DRY RUN] Would send notification",
            "No expired time delays found",
        ])
        #expect(try sink.mails().isEmpty)
        #expect(try Self.snapshot(database) == before)

        let real = JobHarness.run(job, database: database, now: later)
        #expect(real.lines == ["Retrying 1 pending ready notification(s)"])
        #expect(try sink.mails().count == 1)
        #expect(try Self.notification(database, world.active).status == "dropped")
    }

    @Test func retriesInRoundsOfTheBatchSize() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let later = JobHarness.now + 21 * 3600
        let unconfiguredJob = try #require(try JobHarness.jobs(smtpPort: nil)[Self.job])
        _ = JobHarness.run(unconfiguredJob, database: database, now: later)

        let sink = try SMTPSink()
        var job = try #require(try JobHarness.jobs(smtpPort: sink.port)[Self.job] as? RecoveryTimeDelayJob)
        job.settings.batchSize = 1
        let outcome = JobHarness.run(job, database: database, now: later)
        #expect(outcome.lines == ["Retrying 2 pending ready notification(s)"])
        #expect(try sink.mails().count == 2)
        #expect(try Self.notification(database, world.expired).status == "sent")
        #expect(try Self.notification(database, world.active).status == "sent")
    }

    @Test func neverSendsTwiceWhenARequestBecomesReadyAgain() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)[Self.job])
        _ = JobHarness.run(job, database: database)
        #expect(try sink.mails().count == 1)
        try database.connection.execute("""
            UPDATE surveys_recoveryrequest SET status = 'in_time_delay' WHERE id = \(world.expired)::uuid
            """)

        let again = JobHarness.run(job, database: database, verbose: true)
        #expect(again.exitCode == 0)
        #expect(again.lines.contains("    ✓ Status updated to READY_FOR_EXECUTION"))
        #expect(!again.text.contains("notification"))
        #expect(try world.status(world.expired) == "ready_for_execution")
        #expect(try sink.mails().count == 1)
        #expect(try Self.notification(database, world.expired).status == "sent")
    }
}

import TestSupport
import Foundation
import JobEngine
import Postgres
import Testing

@testable import CheckTick

/// CheckTick's `test_process_recovery_time_delays.py`, plus the ready e-mail and the hash chain.
@Suite("process_recovery_time_delays")
struct RecoveryTimeDelayTests {
    /// The upstream fixtures: org owner and admin approved a regular user's request on the org's survey.
    struct World {
        let database: CheckTickDatabase
        let user: Int64
        let survey: Int64
        let secondSurvey: Int64
        let expired: String
        let active: String
        let approvalHash: String

        init(_ database: CheckTickDatabase) throws {
            self.database = database
            let connection = database.connection
            let now = JobHarness.now
            let orgOwner = try CheckTickRows.user(connection, username: "orgowner", email: "orgowner@example.com", isStaff: true, joined: now)
            try CheckTickRows.user(connection, username: "orgadmin", email: "orgadmin@example.com", isStaff: true, joined: now)
            user = try CheckTickRows.user(connection, username: "regular", email: "regular@example.com", joined: now)
            let organization = try CheckTickRows.organization(connection, name: "Test Org", owner: orgOwner, now: now)
            survey = try CheckTickRows.survey(
                connection, owner: user, name: "Encrypted Survey", slug: "encrypted-survey", organization: organization,
                created: now)
            secondSurvey = try CheckTickRows.survey(
                connection, owner: user, name: "Second Survey", slug: "second-survey", organization: organization,
                created: now)
            expired = try CheckTickRows.recoveryRequest(
                connection, user: user, survey: survey, code: "ABC-123-XYZ", status: "in_time_delay",
                timeDelayUntil: now - 3600, submitted: now - 2 * 86_400)
            let first = try CheckTickRows.recoveryAuditEntry(
                connection, request: expired, eventType: "primary_approval", at: now - 26 * 3600, previousHash: "")
            approvalHash = try CheckTickRows.recoveryAuditEntry(
                connection, request: expired, eventType: "secondary_approval", at: now - 25 * 3600, previousHash: first)
            active = try CheckTickRows.recoveryRequest(
                connection, user: user, survey: secondSurvey, code: "DEF-456-UVW", status: "in_time_delay",
                timeDelayUntil: now + 20 * 3600, submitted: now - 86_400)
        }

        func status(_ id: String) throws -> String {
            try database.connection.query("SELECT status FROM surveys_recoveryrequest WHERE id = \(id)::uuid")[0]
                .decode("status", as: String.self)
        }
    }

    @Test func processesExpiredRequest() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database, verbose: true)
        #expect(outcome.exitCode == 0)
        #expect(try world.status(world.expired) == "ready_for_execution")
        #expect(try world.status(world.active) == "in_time_delay")
        #expect(outcome.text.contains("Found 1 recovery request"))
        #expect(outcome.text.contains("Processed 1"))
        #expect(outcome.lines == [
            "Starting recovery time delay processing at 2026-03-01 02:00:00.123456+00:00",
            "Found 1 recovery request(s) with expired time delays",
            "  Processing: ABC-123-XYZ (User: regular@example.com, Survey: Encrypted Survey)",
            "    Time delay expired: 2026-03-01 01:00:00.123456+00:00",
            "    ✓ Status updated to READY_FOR_EXECUTION",
            "", "Processed 1 recovery request(s)",
            "Recovery time delay processing completed at 2026-03-01 02:00:00.123456+00:00",
        ])
    }

    @Test func ignoresActiveRequest() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        try database.connection.execute("UPDATE surveys_recoveryrequest SET status = 'completed' WHERE id = \(world.expired)::uuid")
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database, verbose: true)
        #expect(try world.status(world.active) == "in_time_delay")
        #expect(outcome.text.contains("No expired time delays found"))
    }

    @Test func dryRunDoesNotModify() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database, dryRun: true, verbose: true)
        #expect(outcome.exitCode == 0)
        #expect(try world.status(world.expired) == "in_time_delay")
        #expect(outcome.text.contains("DRY RUN"))
        #expect(outcome.text.contains("Would process 1"))
        #expect(outcome.lines.contains("    [DRY RUN] Would update to READY_FOR_EXECUTION"))
    }

    @Test func processesMultipleExpiredRequests() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let third = try CheckTickRows.survey(
            database.connection, owner: world.user, name: "Third", slug: "third", created: JobHarness.now)
        let second = try CheckTickRows.recoveryRequest(
            database.connection, user: world.user, survey: third, code: "GHI-789-RST", status: "in_time_delay",
            timeDelayUntil: JobHarness.now - 7200, submitted: JobHarness.now - 86_400 * 3)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database, verbose: true)
        #expect(try world.status(world.expired) == "ready_for_execution")
        #expect(try world.status(second) == "ready_for_execution")
        #expect(outcome.text.contains("Found 2 recovery request"))
        #expect(outcome.text.contains("Processed 2"))
        #expect(try sink.mails().count == 2)
    }

    @Test func ignoresNonTimeDelayStatuses() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        try database.connection.execute("""
            UPDATE surveys_recoveryrequest SET status = 'pending_verification' WHERE id = \(world.expired)::uuid
            """)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database, verbose: true)
        #expect(try world.status(world.expired) == "pending_verification")
        #expect(outcome.text.contains("No expired time delays found"))
    }

    @Test func createsHashChainedAuditEntry() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_recovery_time_delays"])
        let before = try database.count("SELECT 1 FROM surveys_recoveryauditentry")
        _ = JobHarness.run(job, database: database)
        #expect(try database.count("SELECT 1 FROM surveys_recoveryauditentry") == before + 1)
        let newest = try database.connection.query("""
            SELECT event_type, severity, actor_type, actor_id, actor_email, details::text AS details, entry_hash,
                   previous_hash, timestamp
            FROM surveys_recoveryauditentry WHERE recovery_request_id = \(world.expired)::uuid
            ORDER BY timestamp DESC LIMIT 1
            """)[0]
        #expect(try newest.decode("event_type", as: String.self) == "time_delay_complete")
        #expect(try newest.decode("actor_type", as: String.self) == "system")
        #expect(try newest.decode("actor_id", as: Int?.self) == nil)
        #expect(try newest.decode("details", as: String.self) == "{\"time_delay_hours\": 24}")
        #expect(try newest.decode("previous_hash", as: String.self) == world.approvalHash)
        // Recompute the hash the way CheckTick's verify_integrity does, over the stored row.
        let stored = try newest.decode("timestamp", as: Date.self)
        let document = "{\"actor_email\": null, \"actor_id\": null, \"actor_type\": \"system\", "
            + "\"details\": {\"time_delay_hours\": 24}, \"event_type\": \"time_delay_complete\", "
            + "\"previous_hash\": \"\(world.approvalHash)\", \"recovery_request_id\": \"\(world.expired)\", "
            + "\"severity\": \"info\", \"timestamp\": \"\(PythonTime(stored).isoString)\"}"
        let expected = try database.connection.query(
            "SELECT encode(sha256(convert_to(\(document), 'UTF8')), 'hex') AS h")[0].decode("h", as: String.self)
        #expect(try newest.decode("entry_hash", as: String.self) == expected)
        #expect(try database.count("""
            SELECT 1 FROM checktick_jobs.audit_events WHERE action = 'recovery_ready' AND subject_id = \(world.expired)
            """) == 1)
    }

    @Test func sendsReadyNotificationToTheUser() throws {
        let database = try CheckTickDatabase()
        _ = try World(database)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.summary["notifications_sent"] == 1)
        let mails = try sink.mails()
        try #require(mails.count == 1)
        #expect(mails[0].recipients == ["regular@example.com"])
        #expect(mails[0].subject == "🔑 Your Data Access is Ready - Complete Recovery Now")
        #expect(mails[0].contentType == "multipart/alternative")
        #expect(mails[0].text.contains("ABC-123-XYZ") && mails[0].text.contains("Encrypted Survey"))
        #expect(mails[0].text.contains("https://checktick.example.org/recovery/complete/ABC-123-XYZ/"))
        #expect(mails[0].html.contains("href=\"https://checktick.example.org/recovery/complete/ABC-123-XYZ/\""))
        #expect(mails[0].html.contains("CheckTick Test"))
        #expect(mails[0].defects.isEmpty)
    }

    @Test func handlesNotificationErrorGracefully() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let sink = try SMTPSink()
        try sink.setSwitch("REFUSE", true)
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database, verbose: true)
        #expect(outcome.exitCode == 0)
        #expect(try world.status(world.expired) == "ready_for_execution")
        #expect(outcome.lines.contains("    ⚠ Failed to send notification: rejected by SMTP server (451)"))
        #expect(outcome.summary["notifications_failed"] == 1)
    }

    @Test func quietModeMinimalOutput() throws {
        let database = try CheckTickDatabase()
        _ = try World(database)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.lines == ["", "Processed 1 recovery request(s)"])
        #expect(!outcome.text.contains("Processing:"))
    }

    @Test func quietRunWithNothingToDoPrintsNothing() throws {
        let database = try CheckTickDatabase()
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        #expect(outcome.lines.isEmpty)
    }

    @Test func missingEmailHostFailsAfterTheTransition() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_recovery_time_delays"])
        let outcome = JobHarness.run(job, database: database)
        #expect(try world.status(world.expired) == "ready_for_execution")
        #expect((outcome.error as? CommandError)?.description
            == "EMAIL_HOST is not set: 1 recovery-ready e-mail(s) could not be sent")
    }
}

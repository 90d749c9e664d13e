import TestSupport
import Foundation
import JobEngine
import Postgres
import Testing

@testable import CheckTick

/// CheckTick's `test_data_governance_command.py` (and the RetentionService scenarios) on a real
/// database and a real SMTP sink.
@Suite("process_data_governance: upstream scenarios")
struct GovernanceCommandTests {
    static let day: TimeInterval = 86_400

    @Test func commandRunsSuccessfully() throws {
        let database = try CheckTickDatabase()
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database, dryRun: true)
        #expect(outcome.exitCode == 0)
        #expect(outcome.text.contains("Starting data governance processing"))
        #expect(outcome.text.contains("Data governance processing completed"))
    }

    @Test func dryRunModeMakesNoChanges() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Past due", deletionInDays: -1)
        let before = try database.count("SELECT 1 FROM surveys_survey WHERE deleted_at IS NULL")
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database, dryRun: true)
        #expect(outcome.exitCode == 0)
        #expect(outcome.text.contains("Skipping automatic deletions in dry-run mode"))
        #expect(try database.count("SELECT 1 FROM surveys_survey WHERE deleted_at IS NULL") == before)
        #expect(try database.count("SELECT 1 FROM checktick_jobs.job_state") == 0)
    }

    @Test(arguments: [(30, "Notice"), (7, "Important"), (1, "URGENT")])
    func deletionWarningSentForWindow(days: Int, urgency: String) throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Window survey \(days)", deletionInDays: Double(days))
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0, "\(outcome.text) \(String(describing: outcome.error))")
        let mails = try sink.mails()
        try #require(mails.count == 1)
        #expect(mails[0].recipients == ["test@example.com"])
        #expect(mails[0].subject == "\(urgency): Survey Data Deletion Warning - \(days) days remaining")
        #expect(mails[0].contentType == "multipart/alternative")
        #expect(mails[0].text.contains("Window survey \(days)"))
        #expect(mails[0].html.contains("Window survey \(days)"))
        #expect(mails[0].defects.isEmpty)
        #expect(outcome.text.contains("  - \(days)-day warnings: 1"))
    }

    @Test func deletionWarningEmailGoesToOwnerAsBrandedMultipart() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Owner's survey & <friends>", deletionInDays: 30, owner: world.owner)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        _ = JobHarness.run(job, database: database)
        let mail = try #require(try sink.mails().first)
        #expect(mail.recipients == ["owner@example.com"])
        #expect(mail.subject.contains("Survey Data Deletion Warning"))
        #expect(mail.text.contains("Hello owner,"))
        #expect(mail.text.contains("\"Owner's survey & <friends>\""))
        #expect(mail.text.contains("closed on September 12, 2025"))
        #expect(mail.text.contains("March 31, 2026 at 02:00 AM"))
        #expect(mail.html.contains("Owner&#39;s survey &amp; &lt;friends&gt;"))
        #expect(!mail.html.contains("<friends>"))
        #expect(mail.html.contains("CheckTick Test"))
        #expect(mail.html.contains("https://checktick.example.org/surveys/"))
        #expect(mail.html.contains("/dashboard/"))
        #expect(mail.html.contains("https://checktick.example.org/docs/data-governance-overview/"))
    }

    @Test func softDeletionTriggered() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let survey = try world.closedSurvey("Retention over", deletionInDays: -1, withKeys: true)
        let keysBefore = try database.connection.query(
            "SELECT encrypted_kek_password::text AS k FROM surveys_survey WHERE id = \(survey)")[0].decode("k", as: String.self)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        let row = try database.connection.query("""
            SELECT deleted_at, hard_deletion_date, encrypted_kek_password::text AS k FROM surveys_survey WHERE id = \(survey)
            """)[0]
        let deletedAt = try #require(try row.decode("deleted_at", as: Date?.self))
        let hard = try #require(try row.decode("hard_deletion_date", as: Date?.self))
        #expect(abs(hard.timeIntervalSince(deletedAt) - 30 * Self.day) < 0.001)
        #expect(try row.decode("k", as: String.self) == keysBefore)
        #expect(outcome.text.contains("Soft deleted: 1 surveys"))
    }

    @Test func hardDeletionTriggered() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let survey = try world.softDeletedSurvey("Grace over", deletedDaysAgo: 31, hardInDays: -1)
        for _ in 0..<3 { try CheckTickRows.response(database.connection, survey: survey, user: nil, submitted: JobHarness.now) }
        try database.connection.execute("""
            INSERT INTO surveys_dataexport (id, created_at, download_token, download_url_expires_at, download_count,
                                            response_count, export_format, is_encrypted, survey_id)
            VALUES (gen_random_uuid(), now(), 'tok-export', now(), 0, 3, 'csv', true, \(survey))
            """)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        #expect(try !world.exists(survey))
        #expect(try database.count("SELECT 1 FROM surveys_surveyresponse WHERE survey_id = \(survey)") == 0)
        #expect(try database.count("SELECT 1 FROM surveys_dataexport WHERE survey_id = \(survey)") == 0)
        #expect(outcome.text.contains("Hard deleted: 1 surveys"))
        #expect(outcome.text.contains("\n⚠️  1 surveys were deleted. Check audit logs for details."))
        let details = try database.connection.query("""
            SELECT details FROM checktick_jobs.audit_events WHERE action = 'hard_delete' AND subject_id = \(String(survey))
            """)
        try #require(details.count == 1)
        let json = try details[0].decode("details", as: String.self)
        #expect(json.contains("\"response_count\": 3"))
        #expect(json.contains("encrypted_kek_password") && json.contains("encrypted_kek_org"))
    }

    @Test func legalHoldPreventsDeletion() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let survey = try world.closedSurvey("On hold", deletionInDays: -1)
        try world.hold(survey)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        #expect(try world.deletedAt(survey) == nil)
        #expect(outcome.text.contains("Soft deleted: 0 surveys"))
        #expect(outcome.text.contains("Skipped (legal hold): 1 surveys"))
    }

    @Test func verboseOutput() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Verbose survey", deletionInDays: 30)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database, dryRun: true, verbose: true)
        #expect(outcome.text.contains("30-day warnings:"))
        #expect(outcome.text.contains("Verbose survey"))
    }

    @Test func commandReportsStatistics() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Past due", deletionInDays: -1)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        #expect(JobHarness.run(job, database: database).text.contains("Soft deleted: 1 surveys"))
    }

    @Test func noWarningsForSurveysNotInWindow() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Fifteen days", deletionInDays: 15)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        #expect(try sink.mails().isEmpty)
        #expect(outcome.text.contains("\nSent 0 deletion warnings:"))
    }

    @Test func multipleSurveysProcessed() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Thirty", deletionInDays: 30)
        try world.closedSurvey("Seven", deletionInDays: 7)
        try world.closedSurvey("Past", deletionInDays: -1)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.text.contains("30-day warnings: 1"))
        #expect(outcome.text.contains("7-day warnings: 1"))
        #expect(outcome.text.contains("Soft deleted: 1"))
        #expect(try sink.mails().count == 2)
    }

    @Test func pendingWarningListExcludesLegalHold() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.hold(try world.closedSurvey("Held seven", deletionInDays: 7))
        try world.closedSurvey("Free thirty", deletionInDays: 30)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database, dryRun: true, verbose: true)
        #expect(outcome.lines.contains("7-day warnings: 0 surveys"))
        #expect(outcome.lines.contains("30-day warnings: 1 surveys"))
        #expect(!outcome.text.contains("Held seven"))
    }

    @Test func exactOutputOfAVerboseRun() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let thirty = try world.closedSurvey("Thirty", deletionInDays: 30)
        try world.closedSurvey("Past", deletionInDays: -1)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database, verbose: true)
        #expect(outcome.exitCode == 0)
        #expect(outcome.lines == [
            "Starting data governance processing at 2026-03-01 02:00:00.123456+00:00",
            "", "--- Deletion Warnings ---",
            "", "30-day warnings: 1 surveys",
            "  - Thirty (ID: \(thirty), Deletion: 2026-03-31 02:00:00.123456+00:00)",
            "  ✓ Sent 30-day warning for: Thirty",
            "", "7-day warnings: 0 surveys",
            "", "1-day warnings: 0 surveys",
            "", "Sent 1 deletion warnings:",
            "  - 30-day warnings: 1", "  - 7-day warnings: 0", "  - 1-day warnings: 0",
            "", "--- Automatic Deletions ---",
            "Soft deleted: 1 surveys", "Hard deleted: 0 surveys",
            "", "⚠️  1 surveys were deleted. Check audit logs for details.",
            "Data governance processing completed at 2026-03-01 02:00:00.123456+00:00",
        ])
        #expect(try database.count("SELECT 1 FROM checktick_jobs.audit_events WHERE action = 'warning_sent'") == 1)
        #expect(try database.count("SELECT 1 FROM checktick_jobs.audit_events WHERE action = 'soft_delete'") == 1)
    }
}

import TestSupport
import Foundation
import JobEngine
import Postgres
import Testing

@testable import CheckTick

/// DESIGN §8's fixes to `process_data_governance`: the warning ledger, failed sends retried,
/// legal holds, audit events.
@Suite("process_data_governance: ledger and fixes")
struct GovernanceLedgerTests {
    static let day: TimeInterval = 86_400
    static let hour: TimeInterval = 3600

    @Test func runningTwiceADaySendsNoSecondEmail() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Twice", deletionInDays: 7)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let first = JobHarness.run(job, database: database)
        let second = JobHarness.run(job, database: database, verbose: true, now: JobHarness.now + 6 * Self.hour)
        #expect(first.exitCode == 0 && second.exitCode == 0)
        #expect(try sink.mails().count == 1)
        #expect(second.lines.contains("7-day warnings: 0 surveys"))
        #expect(try database.count("SELECT 1 FROM checktick_jobs.deletion_warnings") == 1)
    }

    @Test func failedSendIsNotCountedAndIsRetriedNextRun() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let survey = try world.closedSurvey("Retry me", deletionInDays: 30)
        let down = try SMTPSink()
        down.stop()
        let failing = try #require(try JobHarness.jobs(smtpPort: down.port)["process_data_governance"])
        let first = JobHarness.run(failing, database: database)
        #expect(first.exitCode == 0)
        #expect(first.lines.contains("  ✗ Failed to send warning for Retry me: SMTP connection failed"))
        #expect(first.summary["warnings_sent"] == 0 && first.summary["warnings_failed"] == 1)
        #expect(try database.count("SELECT 1 FROM checktick_jobs.deletion_warnings") == 0)

        let sink = try SMTPSink()
        let working = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let second = JobHarness.run(working, database: database, now: JobHarness.now + 1 * Self.hour)
        #expect(second.summary["warnings_sent"] == 1)
        let mails = try sink.mails()
        #expect(mails.count == 1 && mails.first?.subject == "Notice: Survey Data Deletion Warning - 30 days remaining")
        #expect(try database.count("""
            SELECT 1 FROM checktick_jobs.deletion_warnings
            WHERE survey_id = \(survey) AND window_days = 30 AND recipient = 'test@example.com'
            """) == 1)
    }

    @Test func smtpRefusingDataIsAFailedSend() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Refused", deletionInDays: 1)
        let sink = try SMTPSink()
        try sink.setSwitch("REFUSE", true)
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.text.contains("  ✗ Failed to send warning for Refused: rejected by SMTP server (451)"))
        #expect(try database.count("SELECT 1 FROM checktick_jobs.deletion_warnings") == 0)
    }

    @Test func missedWindowIsCaughtUpAfterTheEpoch() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let start = JobHarness.now
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        // The first run sets the ledger's epoch; the survey's 30-day band opens 1.5 days later.
        _ = JobHarness.run(job, database: database, now: start)
        try world.closedSurvey("Skipped a day", deletionInDays: 32, now: start)
        // Three days pass without a run: CheckTick's ±12 h rule no longer matches (29 days left).
        let late = JobHarness.run(job, database: database, verbose: true, now: start + 3 * Self.day)
        #expect(late.lines.contains("30-day warnings: 1 surveys"))
        let mails = try sink.mails()
        #expect(mails.map(\.subject) == ["Notice: Survey Data Deletion Warning - 30 days remaining"])
    }

    @Test func firstRunDoesNotCatchUpOldWindows() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Fifteen days", deletionInDays: 15)
        try world.closedSurvey("Three days", deletionInDays: 3)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        #expect(try sink.mails().isEmpty)
    }

    @Test func nearerWindowSupersedesAMissedOne() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let start = JobHarness.now
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        _ = JobHarness.run(job, database: database, now: start)
        try world.closedSurvey("Long pause", deletionInDays: 40, now: start)
        // Down for 35 days: the 30-day warning was missed; only the 7-day one goes out, once.
        _ = JobHarness.run(job, database: database, now: start + 35 * Self.day)
        _ = JobHarness.run(job, database: database, now: start + 35.5 * Self.day)
        #expect(try sink.mails().map(\.subject) == ["Important: Survey Data Deletion Warning - 7 days remaining"])
        // The 1-day window still gets its own warning.
        _ = JobHarness.run(job, database: database, now: start + 39 * Self.day)
        #expect(try sink.mails().map(\.subject).last == "URGENT: Survey Data Deletion Warning - 1 days remaining")
        #expect(try sink.mails().count == 2)
    }

    @Test func extendedRetentionGetsFreshWarnings() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let survey = try world.closedSurvey("Extended", deletionInDays: 30)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        _ = JobHarness.run(job, database: database)
        // The owner extends by 3 months; 90 days later the new deletion date is 30 days away again.
        try database.connection.execute("""
            UPDATE surveys_survey SET deletion_date = deletion_date + interval '90 days' WHERE id = \(survey)
            """)
        _ = JobHarness.run(job, database: database, now: JobHarness.now + 90 * Self.day)
        #expect(try sink.mails().count == 2)
    }

    @Test func legalHoldIsNeverDeletedOverMonthsOfRuns() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let closed = try world.closedSurvey("Held closed", deletionInDays: -1)
        let graceOver = try world.softDeletedSurvey("Held grace over", deletedDaysAgo: 40, hardInDays: -10)
        try world.hold(closed)
        try world.hold(graceOver)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        for step in stride(from: 0.0, through: 120.0, by: 10.0) {
            let outcome = JobHarness.run(job, database: database, now: JobHarness.now + step * Self.day)
            #expect(outcome.lines.contains("Skipped (legal hold): 2 surveys"))
        }
        #expect(try world.deletedAt(closed) == nil)
        #expect(try world.exists(graceOver))
        #expect(try database.count("SELECT 1 FROM checktick_jobs.audit_events") == 0)
    }

    @Test func liftedHoldNoLongerProtects() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        let survey = try world.closedSurvey("Lifted", deletionInDays: -1)
        try CheckTickRows.legalHold(
            database.connection, survey: survey, placedBy: world.owner, placedAt: JobHarness.now - 9 * Self.day,
            removedAt: JobHarness.now - Self.day)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        _ = JobHarness.run(job, database: database)
        #expect(try world.deletedAt(survey) != nil)
        _ = JobHarness.run(job, database: database, now: JobHarness.now + 31 * Self.day)
        #expect(try !world.exists(survey))
        #expect(try database.count("SELECT 1 FROM surveys_legalhold") == 0)
    }

    @Test func missingEmailHostFailsTheRunButStillDeletes() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try world.closedSurvey("Needs mail", deletionInDays: 30)
        let past = try world.closedSurvey("Past", deletionInDays: -1)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.lines.contains("  ✗ Failed to send warning for Needs mail: EMAIL_HOST is not set"))
        let error = try #require(outcome.error as? CommandError)
        #expect(error.description == "EMAIL_HOST is not set: 1 deletion warning(s) could not be sent")
        #expect(try world.deletedAt(past) != nil)
        #expect(try database.count("SELECT 1 FROM checktick_jobs.deletion_warnings") == 0)
    }

    @Test func surveyWithoutClosureDateFailsItsWarningLikeCheckTick() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        try CheckTickRows.survey(
            database.connection, owner: world.user, name: "Never closed", slug: "never-closed",
            retention: CheckTickRows.Retention(status: "published", deletionDate: JobHarness.now + 7 * Self.day),
            created: JobHarness.now)
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        #expect(outcome.text.contains("  ✗ Failed to send warning for Never closed: survey has no closure date"))
        #expect(try sink.mails().isEmpty)
    }

    @Test func manyWarningsGoOutOverAFewReusedConnections() throws {
        let database = try CheckTickDatabase()
        let world = try GovernanceWorld(database)
        for index in 0..<40 { try world.closedSurvey("Bulk \(index)", deletionInDays: 30 + Double(index % 5) / 100) }
        let sink = try SMTPSink()
        let job = try #require(try JobHarness.jobs(smtpPort: sink.port)["process_data_governance"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.summary["warnings_sent"] == 40)
        #expect(try sink.mails().count == 40)
        #expect(try sink.connections() <= 2)
    }
}

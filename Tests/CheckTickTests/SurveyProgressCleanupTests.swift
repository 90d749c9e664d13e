import Foundation
import JobEngine
import Postgres
import Testing

@testable import CheckTick

/// CheckTick's `TestProgressCleanup`, plus the exact output lines and the 90-day safety net.
@Suite("cleanup_survey_progress")
struct SurveyProgressCleanupTests {
    static let day: TimeInterval = 86_400

    struct World {
        let database: CheckTickDatabase
        let user: Int64
        let first: Int64
        let second: Int64

        init(_ database: CheckTickDatabase) throws {
            self.database = database
            user = try CheckTickRows.user(database.connection, username: "respondent", email: "r@example.com", joined: JobHarness.now)
            first = try CheckTickRows.survey(database.connection, owner: user, name: "One", slug: "survey-one", created: JobHarness.now)
            second = try CheckTickRows.survey(database.connection, owner: user, name: "Two", slug: "survey-two", created: JobHarness.now)
        }

        @discardableResult
        func progress(survey: Int64, user: Int64?, expiresInDays: Double, updatedDaysAgo: Double = 1, session: String? = nil) throws -> Int64 {
            try CheckTickRows.progress(
                database.connection, survey: survey, user: user, sessionKey: session,
                expiresAt: JobHarness.now + expiresInDays * SurveyProgressCleanupTests.day,
                updatedAt: JobHarness.now - updatedDaysAgo * SurveyProgressCleanupTests.day)
        }

        func exists(_ id: Int64) throws -> Bool {
            try database.count("SELECT 1 FROM surveys_surveyprogress WHERE id = \(id)") == 1
        }
    }

    @Test func cleanupDeletesExpiredProgress() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let expired = try world.progress(survey: world.first, user: world.user, expiresInDays: -31)
        let current = try world.progress(survey: world.second, user: world.user, expiresInDays: 29)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["cleanup_survey_progress"])
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.exitCode == 0)
        #expect(try !world.exists(expired))
        #expect(try world.exists(current))
    }

    @Test func cleanupDryRunDoesNotDelete() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let expired = try world.progress(survey: world.first, user: world.user, expiresInDays: -31)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["cleanup_survey_progress"])
        let outcome = JobHarness.run(job, database: database, dryRun: true)
        #expect(try world.exists(expired))
        #expect(outcome.lines.contains("Would delete 1 expired progress records"))
        #expect(outcome.lines.last == "Cleanup completed at 2026-03-01 02:00:00.123456+00:00. Total records cleaned: 0")
    }

    @Test func progressExpiringWithinThirtyDaysSurvives() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        let fresh = try world.progress(survey: world.first, user: nil, expiresInDays: 29.9, updatedDaysAgo: 0, session: "abc")
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["cleanup_survey_progress"])
        _ = JobHarness.run(job, database: database)
        #expect(try world.exists(fresh))
    }

    @Test func exactVerboseOutputWithBothStages() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        try world.progress(survey: world.first, user: world.user, expiresInDays: -2)
        try world.progress(survey: world.second, user: nil, expiresInDays: -1, session: "anon-1")
        try world.progress(survey: world.second, user: world.user, expiresInDays: 10, updatedDaysAgo: 120)
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["cleanup_survey_progress"])
        let outcome = JobHarness.run(job, database: database, verbose: true)
        #expect(outcome.lines == [
            "Starting survey progress cleanup at 2026-03-01 02:00:00.123456+00:00",
            "Found 2 expired progress records",
            "  - Survey: survey-one, User: respondent, Expired: 2026-02-27 02:00:00.123456+00:00",
            "  - Survey: survey-two, User: anonymous, Expired: 2026-02-28 02:00:00.123456+00:00",
            "Deleted 2 expired progress records",
            "Found 1 very old progress records (>90 days)",
            "Deleted 1 very old progress records",
            "Cleanup completed at 2026-03-01 02:00:00.123456+00:00. Total records cleaned: 3",
        ])
        #expect(try database.count("SELECT 1 FROM surveys_surveyprogress") == 0)
    }

    @Test func nothingToDoPrintsNoSafetyNetLines() throws {
        let database = try CheckTickDatabase()
        let job = try #require(try JobHarness.jobs(smtpPort: nil)["cleanup_survey_progress"])
        let outcome = JobHarness.run(job, database: database, dryRun: true)
        #expect(outcome.lines == [
            "Starting survey progress cleanup at 2026-03-01 02:00:00.123456+00:00",
            "DRY RUN MODE - No changes will be made",
            "Would delete 0 expired progress records",
            "Cleanup completed at 2026-03-01 02:00:00.123456+00:00. Total records cleaned: 0",
        ])
    }

    @Test func deletesInBatches() throws {
        let database = try CheckTickDatabase()
        let world = try World(database)
        for index in 0..<7 { try world.progress(survey: world.first, user: nil, expiresInDays: -1, session: "s\(index)") }
        var job = SurveyProgressCleanupJob()
        job.settings.batchSize = 3
        let outcome = JobHarness.run(job, database: database)
        #expect(outcome.lines.contains("Deleted 7 expired progress records"))
    }
}

import Foundation
import Postgres

@testable import CheckTick

/// The upstream test setup: users `testuser` and `owner`, and surveys closed by `testuser`
/// whose dates are then overwritten.
struct GovernanceWorld {
    let database: CheckTickDatabase
    let user: Int64
    let owner: Int64

    static let day: TimeInterval = 86_400

    init(_ database: CheckTickDatabase, now: Date = JobHarness.now) throws {
        self.database = database
        user = try CheckTickRows.user(database.connection, username: "testuser", email: "test@example.com", joined: now)
        owner = try CheckTickRows.user(database.connection, username: "owner", email: "owner@example.com", joined: now)
    }

    /// A survey closed 170 days before `now` with `deletion_date` overwritten to `now + days`.
    @discardableResult
    func closedSurvey(
        _ name: String, deletionInDays days: Double, owner: Int64? = nil, now: Date = JobHarness.now,
        withKeys: Bool = false
    ) throws -> Int64 {
        try CheckTickRows.survey(
            database.connection, owner: owner ?? user, name: name, slug: slug(name),
            retention: .closed(at: now.addingTimeInterval(-170 * Self.day), deletionDate: now.addingTimeInterval(days * Self.day)),
            withKeys: withKeys, created: now.addingTimeInterval(-200 * Self.day))
    }

    /// A survey soft-deleted `deletedDaysAgo` ago whose hard deletion date is `hardInDays` from now.
    @discardableResult
    func softDeletedSurvey(_ name: String, deletedDaysAgo: Double, hardInDays: Double, now: Date = JobHarness.now)
        throws -> Int64
    {
        try CheckTickRows.survey(
            database.connection, owner: user, name: name, slug: slug(name),
            retention: CheckTickRows.Retention(
                status: "closed", closedAt: now.addingTimeInterval(-300 * Self.day),
                deletionDate: now.addingTimeInterval(-deletedDaysAgo * Self.day),
                deletedAt: now.addingTimeInterval(-deletedDaysAgo * Self.day),
                hardDeletionDate: now.addingTimeInterval(hardInDays * Self.day)),
            withKeys: true, created: now.addingTimeInterval(-400 * Self.day))
    }

    /// An active legal hold on `survey`.
    func hold(_ survey: Int64, now: Date = JobHarness.now) throws {
        try CheckTickRows.legalHold(database.connection, survey: survey, placedBy: owner, placedAt: now)
    }

    /// `deleted_at` of a survey (nil when not soft-deleted); throws if the row is gone.
    func deletedAt(_ survey: Int64) throws -> Date? {
        try database.connection.query("SELECT deleted_at FROM surveys_survey WHERE id = \(survey)")[0]
            .decode("deleted_at", as: Date?.self)
    }

    /// Whether the survey row exists.
    func exists(_ survey: Int64) throws -> Bool {
        try database.count("SELECT 1 FROM surveys_survey WHERE id = \(survey)") == 1
    }

    private func slug(_ name: String) -> String {
        DemoData.slug(name) + "-" + UUID().uuidString.prefix(6).lowercased()
    }
}

import FoundationEssentials
import JobEngine
import Postgres

/// `cleanup_survey_progress`: deletes expired partial responses ("save and continue"), then any older
/// than 90 days as a safety net. No mail, no audit; exit code always 0 unless the database fails.
struct SurveyProgressCleanupJob: Job {
    /// Tunables of the job.
    struct Settings: Sendable {
        /// Rows deleted per statement (between cancellation checks).
        var batchSize = 5000
        /// The safety net: progress not updated for this many days is deleted.
        var veryOldDays = 90
        /// Expired records listed one by one in verbose mode when there are at most this many.
        var listLimit = 10
    }

    /// Name, options and policies.
    let descriptor = JobDescriptor(
        name: "cleanup_survey_progress",
        summary: "Delete expired and very old partial survey progress records.",
        parameters: [.dryRun, .verbose], overlap: .queue, timeout: .seconds(3600), maxAge: .seconds(26 * 3600),
        defaultSchedule: "0 3 * * *")
    /// Batch sizes and limits.
    var settings = Settings()

    /// Runs CheckTick's command with the same output lines.
    func run(_ context: JobContext) throws -> Int32 {
        let dryRun = context.parameters.bool("dry_run")
        let verbose = context.parameters.bool("verbose")
        let now = context.now()
        context.print("Starting survey progress cleanup at \(now.pythonString)")
        if dryRun { context.print("DRY RUN MODE - No changes will be made") }

        // 1. expired records
        let expiredCount = try count(context, condition: "p.expires_at < \(now)")
        if verbose {
            context.print("Found \(expiredCount) expired progress records")
            if expiredCount >= 1 && expiredCount <= settings.listLimit {
                try listExpired(context, now: now)
            }
        }
        if dryRun {
            context.print("Would delete \(expiredCount) expired progress records")
        } else {
            let deleted = try deleteInBatches(context, condition: "expires_at < \(now)")
            context.print("Deleted \(deleted) expired progress records")
        }

        // 2. the safety net, counted after step 1 (so in a real run it only sees survivors)
        let cutoff = now.addingTimeInterval(-Double(settings.veryOldDays) * 86_400)
        let veryOldCount = try count(context, condition: "p.updated_at < \(cutoff)")
        if veryOldCount > 0 {
            if verbose { context.print("Found \(veryOldCount) very old progress records (>\(settings.veryOldDays) days)") }
            if dryRun {
                context.print("Would delete \(veryOldCount) very old progress records")
            } else {
                let deleted = try deleteInBatches(context, condition: "updated_at < \(cutoff)")
                context.print("Deleted \(deleted) very old progress records")
            }
        }
        let total = dryRun ? 0 : expiredCount + veryOldCount
        context.summary.set("expired", Int64(expiredCount))
        context.summary.set("very_old", Int64(veryOldCount))
        context.summary.set("total_cleaned", Int64(total))
        context.print("Cleanup completed at \(context.now().pythonString). Total records cleaned: \(total)")
        return 0
    }

    /// Rows of `surveys_surveyprogress p` matching `condition`.
    private func count(_ context: JobContext, condition: SQL) throws -> Int {
        let rows = try context.database.query("SELECT count(*) AS n FROM surveys_surveyprogress p WHERE \(fragment: condition)")
        return try rows[0].decode("n", as: Int.self)
    }

    /// `  - Survey: {slug}, User: {username or anonymous}, Expired: {expires_at}` for each expired record.
    private func listExpired(_ context: JobContext, now: Date) throws {
        let rows = try context.database.query("""
            SELECT s.slug, u.username, p.expires_at
            FROM surveys_surveyprogress p
            JOIN surveys_survey s ON s.id = p.survey_id
            LEFT JOIN auth_user u ON u.id = p.user_id
            WHERE p.expires_at < \(now)
            ORDER BY p.id
            LIMIT \(settings.listLimit)
            """)
        for row in rows {
            let user = try row.decode("username", as: String?.self) ?? "anonymous"
            let expires = try row.decode("expires_at", as: Date.self)
            context.print(
                "  - Survey: \(try row.decode("slug", as: String.self)), User: \(user), Expired: \(expires.pythonString)")
        }
    }

    /// Deletes matching rows `batchSize` at a time, each batch its own statement; returns the total.
    private func deleteInBatches(_ context: JobContext, condition: SQL) throws -> Int {
        var total = 0
        while true {
            try context.checkCancellation()
            let deleted = try context.database.withConnection { connection in
                try connection.execute("""
                    DELETE FROM surveys_surveyprogress WHERE id IN (
                        SELECT id FROM surveys_surveyprogress WHERE \(fragment: condition)
                        ORDER BY id LIMIT \(settings.batchSize))
                    """)
            }
            total += deleted
            if deleted < settings.batchSize { return total }
        }
    }
}

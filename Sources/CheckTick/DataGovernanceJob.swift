import FoundationEssentials
import Fetch
import JobEngine
import Logging
import Postgres

/// `process_data_governance`: deletion-warning e-mails (with a ledger: exactly one per window), automatic
/// soft delete after retention ends, and automatic hard delete after the 30-day grace period.
struct DataGovernanceJob: Job {
    /// Tunables of the job.
    struct Settings: Sendable {
        /// Surveys soft- or hard-deleted per transaction.
        var deletionBatchSize = 500
        /// Warning e-mails handed to the SMTP pool at once (between cancellation checks).
        var mailChunkSize = 200
        /// CheckTick's `SOFT_DELETE_GRACE_DAYS`.
        var graceDays = 30
    }

    /// Name, options and policies.
    let descriptor = JobDescriptor(
        name: "process_data_governance",
        summary: "Send deletion warnings and soft/hard-delete surveys whose retention period has ended.",
        parameters: [.dryRun, .verbose], overlap: .queue, timeout: .seconds(3 * 3600), maxAge: .seconds(26 * 3600),
        defaultSchedule: "0 2 * * *")
    /// E-mail bodies.
    let renderer: MailRenderer
    /// E-mail transport.
    let mail: MailContext
    /// Batch sizes.
    var settings = Settings()

    /// One survey's due warning (its message is rendered while the warnings go out).
    struct Warning: Sendable {
        /// The survey.
        let candidate: WarningCandidate
        /// The window.
        let window: WarningWindow
    }

    /// Runs CheckTick's command with the same output lines and exit codes, plus the ledger and audit events.
    func run(_ context: JobContext) throws -> Int32 {
        let dryRun = context.parameters.bool("dry_run")
        let verbose = context.parameters.bool("verbose")
        let now = context.now()
        context.print("Starting data governance processing at \(now.pythonString)")
        if dryRun { context.print("DRY RUN MODE - No changes will be made") }
        context.print("\n--- Deletion Warnings ---")

        let found = try context.database.withConnection { connection in
            let epoch = try RetentionStore.ledgerEpoch(connection, now: now, record: !dryRun)
            return try WarningWindow.all.map { window in
                (window, try RetentionStore.warningCandidates(connection, window: window, now: now, epoch: epoch))
            }
        }
        try context.checkCancellation()
        for (window, candidates) in found { context.summary.set("warnings_\(window.days)_day", Int64(candidates.count)) }

        if dryRun {
            for (window, candidates) in found {
                printWindowHeader(window, candidates, context: context, verbose: verbose, dryRun: true)
            }
            printWarningSummary(found, context: context, dryRun: true)
            context.print("Skipping automatic deletions in dry-run mode")
            context.print("Data governance processing completed at \(context.now().pythonString)")
            return 0
        }

        // Mail goes out on the SMTP pool while the deletions run on the database; delivered warnings are
        // recorded chunk by chunk as they go out, so a failure of the deletions re-sends nothing.
        let warnings = found.flatMap { window, candidates in
            candidates.map { Warning(candidate: $0, window: window) }
        }
        let sending = startSending(warnings, context: context)
        let deletions = Result { () throws -> DeletionStats in try processAutomaticDeletions(context, now: now) }
        let results = sending.join()
        _ = countSent(results, context: context)

        var failedForMissingHost = 0
        var index = 0
        for (window, candidates) in found {
            printWindowHeader(window, candidates, context: context, verbose: verbose, dryRun: false)
            for candidate in candidates {
                switch results[index] {
                case .success:
                    if verbose { context.print("  ✓ Sent \(window.days)-day warning for: \(candidate.name)") }
                case .failure(let error):
                    if error == .unconfigured { failedForMissingHost += 1 }
                    context.print("  ✗ Failed to send warning for \(candidate.name): \(error.message)")
                }
                index += 1
            }
        }
        printWarningSummary(found, context: context, dryRun: false)

        context.print("\n--- Automatic Deletions ---")
        let stats: DeletionStats
        switch deletions {
        case .success(let value):
            stats = value
        case .failure(let error):
            context.print("Error processing automatic deletions: \(error)")
            throw error
        }
        context.print("Soft deleted: \(stats.softDeleted) surveys")
        context.print("Hard deleted: \(stats.hardDeleted) surveys")
        if stats.skippedLegalHold > 0 { context.print("Skipped (legal hold): \(stats.skippedLegalHold) surveys") }
        let total = stats.softDeleted + stats.hardDeleted
        if total > 0 { context.print("\n⚠️  \(total) surveys were deleted. Check audit logs for details.") }
        context.print("Data governance processing completed at \(context.now().pythonString)")
        if failedForMissingHost > 0 {
            throw CommandError("EMAIL_HOST is not set: \(failedForMissingHost) deletion warning(s) could not be sent")
        }
        return 0
    }

    /// `\n{days}-day warnings: {n} surveys` (verbose or dry run) and, verbose, one line per survey.
    private func printWindowHeader(
        _ window: WarningWindow, _ candidates: [WarningCandidate], context: JobContext, verbose: Bool, dryRun: Bool
    ) {
        if verbose || dryRun { context.print("\n\(window.days)-day warnings: \(candidates.count) surveys") }
        if verbose {
            for candidate in candidates {
                context.print(
                    "  - \(candidate.name) (ID: \(candidate.surveyID), Deletion: \(candidate.deletionDate.pythonString))")
            }
        }
    }

    /// The summary block: counts of surveys found per window (CheckTick counts found, not delivered).
    private func printWarningSummary(_ found: [(WarningWindow, [WarningCandidate])], context: JobContext, dryRun: Bool) {
        let total = found.reduce(0) { $0 + $1.1.count }
        context.print("\n\(dryRun ? "Would send" : "Sent") \(total) deletion warnings:")
        for (window, candidates) in found.sorted(by: { $0.0.days > $1.0.days }) {
            context.print("  - \(window.days)-day warnings: \(candidates.count)")
        }
    }
}

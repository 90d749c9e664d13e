import FoundationEssentials
import JobEngine

/// What `process_automatic_deletions` did.
struct DeletionStats: Sendable, Equatable {
    /// Surveys soft-deleted.
    var softDeleted = 0
    /// Surveys hard-deleted.
    var hardDeleted = 0
    /// Due surveys left alone because of an active legal hold (both steps).
    var skippedLegalHold = 0
}

extension DataGovernanceJob {
    /// Soft-deletes, then hard-deletes, due surveys in batches (one transaction each); never touches a
    /// survey under an active legal hold. A survey soft-deleted now is not hard-deleted in the same run.
    func processAutomaticDeletions(_ context: JobContext, now: Date) throws -> DeletionStats {
        var stats = DeletionStats()
        stats.skippedLegalHold = try context.database.withConnection { connection in
            try RetentionStore.legalHoldSkips(connection, now: now)
        }
        while true {
            try context.checkCancellation()
            let count = try RetentionStore.softDeleteBatch(
                context.database, now: now, graceDays: settings.graceDays, limit: settings.deletionBatchSize,
                runID: context.runID)
            stats.softDeleted += count
            context.summary.set("soft_deleted", Int64(stats.softDeleted))
            if count < settings.deletionBatchSize { break }
        }
        while true {
            try context.checkCancellation()
            let count = try SurveyHardDelete.deleteBatch(
                context.database, now: now, limit: settings.deletionBatchSize, runID: context.runID,
                job: descriptor.name)
            stats.hardDeleted += count
            context.summary.set("hard_deleted", Int64(stats.hardDeleted))
            if count < settings.deletionBatchSize { break }
        }
        context.summary.set("skipped_legal_hold", Int64(stats.skippedLegalHold))
        return stats
    }
}

import FoundationEssentials
import Fetch
import JobEngine
import Postgres

/// `process_recovery_time_delays`: moves approved key-recovery requests whose waiting period has passed
/// to `ready_for_execution`, with a correct hash-chained audit entry, and e-mails the user (which
/// CheckTick's command never did) through a durable outbox: an e-mail that could not be sent is retried
/// on every later run until the SMTP server accepts it or the request leaves `ready_for_execution`.
struct RecoveryTimeDelayJob: Job {
    /// Tunables of the job.
    struct Settings: Sendable {
        /// Requests moved per transaction, and pending e-mails retried per round (between cancellation checks).
        var batchSize = 100
    }

    /// The ready e-mail's subject (CheckTick's `send_recovery_ready_email`).
    static let readySubject = "🔑 Your Data Access is Ready - Complete Recovery Now"

    /// Name, options and policies.
    let descriptor = JobDescriptor(
        name: "process_recovery_time_delays",
        summary: "Move key-recovery requests whose time delay has expired to ready-for-execution and notify the user.",
        parameters: [.dryRun, .verbose], overlap: .queue, timeout: .seconds(240), maxAge: .seconds(15 * 60),
        defaultSchedule: "*/5 * * * *")
    /// E-mail bodies.
    let renderer: MailRenderer
    /// E-mail transport.
    let mail: MailContext
    /// Batch size.
    var settings = Settings()

    /// Runs CheckTick's command with the same output lines and exit codes (0 even when some requests fail),
    /// after first retrying the "ready" e-mails earlier runs could not deliver.
    func run(_ context: JobContext) throws -> Int32 {
        let dryRun = context.parameters.bool("dry_run")
        let verbose = context.parameters.bool("verbose")
        let now = context.now()
        if verbose { context.print("Starting recovery time delay processing at \(now.pythonString)") }
        if dryRun { context.print("DRY RUN MODE - No changes will be made") }
        var unconfigured = try retryPending(context, dryRun: dryRun, verbose: verbose)
        let expired = try context.database.withConnection { try RecoveryStore.expired($0, now: now) }
        context.summary.set("expired", Int64(expired.count))
        if expired.isEmpty {
            if verbose { context.print("No expired time delays found") }
            try failIfUnconfigured(unconfigured)
            return 0
        }
        if verbose || dryRun { context.print("Found \(expired.count) recovery request(s) with expired time delays") }

        var processed = 0
        var errors = 0
        var start = 0
        while start < expired.count {
            let batch = Array(expired[start..<min(start + max(1, settings.batchSize), expired.count)])
            start += batch.count
            if dryRun {
                for request in batch {
                    printProcessing(request, context: context, verbose: verbose)
                    processed += 1
                    if verbose { context.print("    [DRY RUN] Would update to READY_FOR_EXECUTION") }
                }
                continue
            }
            try context.checkCancellation()
            let transition: RecoveryStore.Transition
            do {
                transition = try RecoveryStore.markReady(
                    context.database, ids: batch.map(\.id), now: now, runID: context.runID, job: descriptor.name)
            } catch {
                context.logger.error("recovery batch failed", metadata: ["error": "\(String(reflecting: error))"])
                for request in batch {
                    printProcessing(request, context: context, verbose: verbose)
                    errors += 1
                    context.print("    ✗ Error processing \(request.requestCode): \(error)")
                }
                continue
            }
            let notified = try deliver(batch.filter { transition.notify.contains($0.id) }, context: context)
            for request in batch {
                printProcessing(request, context: context, verbose: verbose)
                guard transition.ready.contains(request.id) else {
                    context.print("    ⚠ Time delay not complete (unexpected)")
                    continue
                }
                processed += 1
                if case .failure(let failure)? = notified[request.id] {
                    if failure == .unconfigured { unconfigured += 1 }
                    if verbose { context.print("    ⚠ Failed to send notification: \(failure.message)") }
                }
                if verbose { context.print("    ✓ Status updated to READY_FOR_EXECUTION") }
            }
        }
        context.summary.set("processed", Int64(processed))
        context.summary.set("errors", Int64(errors))
        context.print("\n\(dryRun ? "Would process" : "Processed") \(processed) recovery request(s)")
        if errors > 0 { context.print("Errors: \(errors)") }
        if verbose { context.print("Recovery time delay processing completed at \(context.now().pythonString)") }
        try failIfUnconfigured(unconfigured)
        return 0
    }

    /// Ends the run with CheckTick's `CommandError` when e-mails failed only because `EMAIL_HOST` is unset
    /// (they stay pending and go out on a later run once mail is configured).
    private func failIfUnconfigured(_ count: Int) throws {
        if count > 0 {
            throw CommandError("EMAIL_HOST is not set: \(count) recovery-ready e-mail(s) could not be sent")
        }
    }

    /// The two verbose lines that open each request's block.
    private func printProcessing(_ request: RecoveryRequestRow, context: JobContext, verbose: Bool) {
        guard verbose else { return }
        context.print("  Processing: \(request.requestCode) (User: \(request.userEmail), Survey: \(request.surveyName))")
        context.print("    Time delay expired: \(request.timeDelayUntil.pythonString)")
    }
}

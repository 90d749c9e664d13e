import FoundationEssentials
import Fetch
import JobEngine

extension RecoveryTimeDelayJob {
    /// Retries the pending "ready" e-mails of requests still `ready_for_execution` (a dry run only reports
    /// them), after dropping those whose request moved on. Returns how many failed because `EMAIL_HOST` is unset.
    func retryPending(_ context: JobContext, dryRun: Bool, verbose: Bool) throws -> Int {
        let now = context.now()
        let (dropped, pending) = try context.database.withConnection { connection in
            let dropped = dryRun ? 0 : try RecoveryStore.dropStaleNotifications(connection, now: now)
            return (dropped, try RecoveryStore.pendingNotifications(connection))
        }
        if dropped > 0 {
            context.summary.add("notifications_dropped", Int64(dropped))
            context.logger.info("recovery ready e-mails dropped", metadata: ["mail.dropped": "\(dropped)"])
        }
        guard !pending.isEmpty else { return 0 }
        context.summary.set("notifications_retried", Int64(pending.count))
        context.print("\(dryRun ? "Would retry" : "Retrying") \(pending.count) pending ready notification(s)")
        if dryRun {
            for request in pending where verbose {
                printRetrying(request, context: context)
                context.print("    [DRY RUN] Would send notification")
            }
            return 0
        }
        var unconfigured = 0
        var start = 0
        while start < pending.count {
            try context.checkCancellation()
            let chunk = Array(pending[start..<min(start + max(1, settings.batchSize), pending.count)])
            start += chunk.count
            let results = try deliver(chunk, context: context)
            for request in chunk {
                if verbose { printRetrying(request, context: context) }
                switch results[request.id] {
                case .failure(let failure)?:
                    if failure == .unconfigured { unconfigured += 1 }
                    if verbose { context.print("    ⚠ Failed to send notification: \(failure.message)") }
                case .success?, nil:
                    if verbose { context.print("    ✓ Notification sent") }
                }
            }
        }
        return unconfigured
    }

    /// Sends the "ready" e-mail of each request and records the outcome in the outbox (accepted → sent,
    /// otherwise still pending); the result per request id.
    func deliver(_ requests: [RecoveryRequestRow], context: JobContext) throws -> [String: Result<Void, SendFailure>] {
        guard !requests.isEmpty else { return [:] }
        let outcome = send(requests, context: context)
        var sent: [String] = []
        var failed: [(id: String, reason: String)] = []
        for request in requests {
            switch outcome[request.id] {
            case .success?: sent.append(request.id)
            case .failure(let failure)?: failed.append((id: request.id, reason: failure.message))
            case nil: break
            }
        }
        context.summary.add("notifications_sent", Int64(sent.count))
        context.summary.add("notifications_failed", Int64(failed.count))
        try RecoveryStore.recordNotifications(context.database, sent: sent, failed: failed, now: context.now())
        return outcome
    }

    /// The verbose line that opens each retried e-mail's block.
    private func printRetrying(_ request: RecoveryRequestRow, context: JobContext) {
        context.print(
            "  Retrying notification: \(request.requestCode) (User: \(request.userEmail), Survey: \(request.surveyName))")
    }

    /// Sends the "ready" e-mail to each user over the SMTP pool; the result per request id.
    private func send(_ requests: [RecoveryRequestRow], context: JobContext) -> [String: Result<Void, SendFailure>] {
        var outcome: [String: Result<Void, SendFailure>] = [:]
        var messages: [MailMessage] = []
        var ids: [String] = []
        for request in requests {
            let values = [
                "username": request.username,
                "request_code": request.requestCode,
                "survey_name": request.surveyName,
                "recovery_url": "\(renderer.siteURL)/recovery/complete/\(request.requestCode)/",
            ]
            do {
                let bodies = try renderer.render(.recoveryReady, values: values)
                messages.append(
                    MailMessage(
                        from: mail.from, to: [request.userEmail], subject: Self.readySubject, textBody: bodies.text,
                        htmlBody: bodies.html, headers: [("Auto-Submitted", "auto-generated")]))
                ids.append(request.id)
            } catch {
                outcome[request.id] = .failure(SendFailure(message: error.description))
            }
        }
        let cancellation = context.cancellation
        for (id, result) in zip(ids, mail.transport.sendAll(messages, shouldCancel: { cancellation.isCancelled })) {
            outcome[id] = result.mapError { SendFailure($0) }
            if case .failure(let failure) = result {
                context.logger.warning(
                    "recovery ready e-mail not sent", metadata: ["recovery.request_id": "\(id)", "mail.error": "\(failure)"])
            }
        }
        return outcome
    }
}

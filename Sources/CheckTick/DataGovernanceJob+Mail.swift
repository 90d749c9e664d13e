import FoundationEssentials
import Fetch
import JobEngine

extension DataGovernanceJob {
    /// Builds the warning e-mail to the survey owner; fails (as CheckTick does) when the survey has no `closed_at`.
    func makeMessage(_ candidate: WarningCandidate, window: WarningWindow) -> Result<MailMessage, SendFailure> {
        guard let closedAt = candidate.closedAt else {
            return .failure(SendFailure(message: "survey has no closure date (closed_at is NULL)"))
        }
        let values = [
            "urgency": window.urgency,
            "timeframe": window.timeframe,
            "username": candidate.ownerUsername,
            "survey_name": candidate.name,
            "deletion_date": PythonTime(candidate.deletionDate).longDateTime,
            "days_remaining": String(window.days),
            "retention_months": String(candidate.retentionMonths),
            "closure_date": PythonTime(closedAt).longDate,
            "dashboard_url": "\(renderer.siteURL)/surveys/\(candidate.slug)/dashboard/",
        ]
        do {
            let bodies = try renderer.render(.deletionWarning, values: values)
            return .success(
                MailMessage(
                    from: mail.from, to: [candidate.ownerEmail], subject: window.subject, textBody: bodies.text,
                    htmlBody: bodies.html, headers: [("Auto-Submitted", "auto-generated")]))
        } catch {
            return .failure(SendFailure(message: error.description))
        }
    }

    /// Starts delivering the warnings on the SMTP pool, in chunks, on a background thread;
    /// `join()` gives one result per warning, in order.
    func startSending(_ warnings: [Warning], context: JobContext) -> BackgroundThread<[Result<Void, SendFailure>]> {
        let transport = mail.transport
        let chunkSize = max(1, settings.mailChunkSize)
        let cancellation = context.cancellation
        return BackgroundThread {
            var results: [Result<Void, SendFailure>] = []
            results.reserveCapacity(warnings.count)
            var start = 0
            while start < warnings.count {
                let chunk = warnings[start..<min(start + chunkSize, warnings.count)]
                var messages: [MailMessage] = []
                var positions: [Int] = []
                var chunkResults = [Result<Void, SendFailure>](repeating: .success(()), count: chunk.count)
                for (offset, warning) in chunk.enumerated() {
                    switch warning.message {
                    case .success(let message):
                        messages.append(message)
                        positions.append(offset)
                    case .failure(let failure):
                        chunkResults[offset] = .failure(failure)
                    }
                }
                if !messages.isEmpty {
                    let sent = transport.sendAll(messages, shouldCancel: { cancellation.isCancelled })
                    for (position, result) in zip(positions, sent) {
                        chunkResults[position] = result.mapError { SendFailure($0) }
                    }
                }
                results += chunkResults
                start += chunkSize
            }
            return results
        }
    }

    /// Writes the delivered warnings to the ledger and the audit trail; counts both outcomes in the summary.
    func recordSent(_ warnings: [Warning], results: [Result<Void, SendFailure>], context: JobContext) throws {
        var sent: [(WarningCandidate, window: Int)] = []
        for (warning, result) in zip(warnings, results) {
            if case .success = result { sent.append((warning.candidate, window: warning.window.days)) }
        }
        context.summary.set("warnings_sent", Int64(sent.count))
        context.summary.set("warnings_failed", Int64(warnings.count - sent.count))
        let now = context.now()
        try context.database.withConnection { connection in
            try RetentionStore.recordWarnings(connection, sent: sent, runID: context.runID, now: now)
        }
    }
}

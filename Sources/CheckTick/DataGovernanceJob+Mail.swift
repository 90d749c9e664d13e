import FoundationEssentials
import Fetch
import Glibc
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

    /// Starts rendering and delivering the warnings on the SMTP pool, in chunks, on a background thread;
    /// `join()` gives one result per warning, in order. The next chunk is rendered on another thread while
    /// one goes out. Each chunk's delivered warnings are written to the ledger and audit trail as soon as
    /// the chunk is sent (retried while the database is away), so a run that fails later never re-sends
    /// them; if the ledger stays unreachable, sending stops and the rest count as not sent (the next run
    /// sends them).
    func startSending(_ warnings: [Warning], context: JobContext) -> BackgroundThread<[Result<Void, SendFailure>]> {
        let transport = mail.transport
        let chunkSize = max(1, settings.mailChunkSize)
        let cancellation = context.cancellation
        let chunks = stride(from: 0, to: warnings.count, by: chunkSize).map {
            warnings[$0..<min($0 + chunkSize, warnings.count)]
        }
        return BackgroundThread {
            var results: [Result<Void, SendFailure>] = []
            results.reserveCapacity(warnings.count)
            guard let first = chunks.first else { return results }
            var rendering = BackgroundThread { renderChunk(first) }
            for (index, chunk) in chunks.enumerated() {
                let messages = rendering.join()
                if index + 1 < chunks.count {
                    let next = chunks[index + 1]
                    rendering = BackgroundThread { renderChunk(next) }
                }
                let chunkResults = send(messages, transport: transport, cancellation: cancellation)
                results += chunkResults
                let delivered = zip(chunk, chunkResults).compactMap { warning, result -> (WarningCandidate, window: Int)? in
                    if case .success = result { return (warning.candidate, window: warning.window.days) }
                    return nil
                }
                if !recordDelivered(delivered, context: context) {
                    _ = rendering.join()
                    let notSent = SendFailure(message: "not sent: the warning ledger could not be written")
                    results += Array(repeating: .failure(notSent), count: warnings.count - results.count)
                    break
                }
            }
            return results
        }
    }

    /// Builds the messages of one chunk (off the sending thread, so that rendering overlaps sending).
    private func renderChunk(_ chunk: ArraySlice<Warning>) -> [Result<MailMessage, SendFailure>] {
        chunk.map { makeMessage($0.candidate, window: $0.window) }
    }

    /// Sends the messages that could be built; one result per entry, in order.
    private func send(
        _ messages: [Result<MailMessage, SendFailure>], transport: any MailTransport, cancellation: CancellationToken
    ) -> [Result<Void, SendFailure>] {
        var results = messages.map { $0.map { _ in () } }
        let ready = messages.enumerated().compactMap { offset, message in (try? message.get()).map { (offset, $0) } }
        guard !ready.isEmpty else { return results }
        let sent = transport.sendAll(ready.map(\.1), shouldCancel: { cancellation.isCancelled })
        for ((offset, _), result) in zip(ready, sent) {
            results[offset] = result.mapError { SendFailure($0) }
        }
        return results
    }

    /// Writes delivered warnings to the ledger and audit trail, retrying with backoff for about a minute
    /// while the database is unreachable (the e-mails are already out). Returns false if it never could.
    private func recordDelivered(_ delivered: [(WarningCandidate, window: Int)], context: JobContext) -> Bool {
        guard !delivered.isEmpty else { return true }
        var delay = 0.25
        for attempt in 1...10 {
            do {
                try context.database.withConnection { connection in
                    try RetentionStore.recordWarnings(connection, sent: delivered, runID: context.runID, now: context.now())
                }
                return true
            } catch {
                context.logger.warning("cannot record sent warnings yet", metadata: [
                    "attempt": "\(attempt)", "warnings": "\(delivered.count)", "error": "\(error)",
                ])
                usleep(useconds_t(delay * 1_000_000))
                delay = min(delay * 2, 8)
            }
        }
        context.logger.error("sent warnings could not be recorded", metadata: ["warnings": "\(delivered.count)"])
        return false
    }

    /// Counts both outcomes in the summary (the ledger was written chunk by chunk while sending).
    func countSent(_ results: [Result<Void, SendFailure>], context: JobContext) -> Int {
        let sent = results.filter { if case .success = $0 { return true } else { return false } }.count
        context.summary.set("warnings_sent", Int64(sent))
        context.summary.set("warnings_failed", Int64(results.count - sent))
        return results.count - sent
    }
}

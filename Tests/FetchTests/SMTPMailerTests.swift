import TestSupport
import Dispatch
import Fetch
import Foundation
import Logging
import Synchronization
import Testing

@Suite("SMTPMailer against the SMTP sink")
struct SMTPMailerTests {
    func mailer(_ sink: SMTPSink, connections: Int = 2, requireTLS: Bool = false) -> SMTPMailer {
        let settings = SMTPSettings(host: "127.0.0.1", port: sink.port, requireTLS: requireTLS,
                                    timeout: .seconds(5), connections: connections)
        return SMTPMailer(settings: settings, logger: Logger(label: "test"))
    }

    func message(_ number: Int = 1) -> MailMessage {
        MailMessage(
            from: "CheckTick <no-reply@checktick.example>",
            to: ["Zoë Ångström <zoe\(number)@example.org>"],
            subject: MIMEEncodingTests.recoverySubject,
            textBody: "Hello Zoë,\n.\n.hidden line\nmessage \(number)\n",
            htmlBody: "<p>Hello Zoë, message \(number)</p>")
    }

    @Test func deliversMessageIntact() throws {
        let sink = try SMTPSink()
        try mailer(sink).send(message())
        let stored = try #require(try sink.messages().first)
        #expect(stored["mail_from"] as? String == "no-reply@checktick.example")
        #expect(stored["rcpt_tos"] as? [String] == ["zoe1@example.org"])
        let parsed = try #require(stored["parsed"] as? [String: Any])
        // Python's email package decodes the RFC 2047 subject and display name back.
        #expect(parsed["subject"] as? String == MIMEEncodingTests.recoverySubject)
        #expect(parsed["to"] as? String == "Zoë Ångström <zoe1@example.org>")
        #expect(parsed["content_type"] as? String == "multipart/alternative")
        #expect(parsed["defects"] as? [String] == [])
        let parts = try #require(parsed["parts"] as? [[String: Any]])
        #expect(parts.map { $0["content_type"] as? String } == ["text/plain", "text/html"])
        let plain = (parts[0]["text"] as? String ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        // curl dot-stuffs and the sink un-stuffs: lines starting with "." survive, a lone "." does not end DATA.
        #expect(plain == "Hello Zoë,\n.\n.hidden line\nmessage 1\n")
        #expect((parts[1]["text"] as? String)?.contains("<p>Hello Zoë, message 1</p>") == true)
    }

    @Test func sendsFiftyMessagesOverAtMostTwoConnections() throws {
        let sink = try SMTPSink()
        let results = mailer(sink, connections: 2).sendAll((1...50).map(message))
        #expect(results.count == 50)
        #expect(results.allSatisfy { if case .success = $0 { true } else { false } })
        let stored = try sink.messages()
        #expect(stored.count == 50)
        #expect(Set(stored.compactMap { ($0["rcpt_tos"] as? [String])?.first }).count == 50)
        let connections = try sink.connections()
        #expect(connections >= 1 && connections <= 2)
    }

    @Test func sendIsSafeFromManyThreads() throws {
        let sink = try SMTPSink()
        let mailer = mailer(sink, connections: 3)
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 20) { index in
            do {
                try mailer.send(message(index))
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(try sink.messages().count == 20)
        #expect(try sink.connections() <= 3)
    }

    @Test func refusingSinkFailsEveryMessageAndNoneCountsAsSent() throws {
        let sink = try SMTPSink()
        try sink.setSwitch("REFUSE", true)
        let results = mailer(sink).sendAll((1...5).map(message))
        #expect(results.count == 5)
        for result in results {
            guard case .failure(let error) = result else {
                Issue.record("a refused message was reported as sent")
                continue
            }
            guard case .rejected(451, _) = error else {
                Issue.record("expected a 451 rejection, got \(error.debugDescription)")
                continue
            }
            #expect(error.description == "rejected by SMTP server (451)")
        }
        #expect(try sink.messages().isEmpty)
    }

    @Test func serverDownFailsEveryMessage() throws {
        let sink = try SMTPSink()
        sink.stop()
        let mailer = mailer(sink)
        #expect {
            try mailer.send(message())
        } throws: { error in
            guard case .connectionFailed = error as? MailError else { return false }
            return (error as? MailError)?.description == "SMTP connection failed"
        }
        let results = mailer.sendAll((1...10).map(message))
        #expect(results.allSatisfy { if case .failure(.connectionFailed) = $0 { true } else { false } })
    }

    @Test func stopsTryingAfterBatchFailureLimit() throws {
        let sink = try SMTPSink()
        sink.stop()
        let store = CapturingLogHandler.Store()
        let settings = SMTPSettings(host: "127.0.0.1", port: sink.port, requireTLS: false, connections: 1,
                                    batchFailureLimit: 2)
        let results = SMTPMailer(settings: settings, logger: CapturingLogHandler.logger(store))
            .sendAll((1...10).map(message))
        #expect(results.allSatisfy { if case .failure(.connectionFailed) = $0 { true } else { false } })
        #expect(store.count("mail not sent") == 2)
        #expect(store.count("smtp unusable, failing the rest of the batch") == 1)
    }

    @Test func cancelledBatchSendsNothing() throws {
        let sink = try SMTPSink()
        let results = mailer(sink).sendAll((1...5).map(message), shouldCancel: { true })
        #expect(results.allSatisfy { if case .failure(.cancelled) = $0 { true } else { false } })
        #expect(try sink.messages().isEmpty)
    }

    @Test func replacesDroppedConnectionAndRetriesOnce() throws {
        let sink = try SMTPSink()
        let mailer = mailer(sink, connections: 1)
        try mailer.send(message(1))
        try sink.setSwitch("DROP_ONCE", true)
        try mailer.send(message(2))
        #expect(try sink.messages().count == 2)
        #expect(try sink.connections() == 2)
    }

    @Test func reusesOneConnectionForConsecutiveMessages() throws {
        let sink = try SMTPSink()
        let mailer = mailer(sink, connections: 1)
        for number in 1...5 { try mailer.send(message(number)) }
        #expect(try sink.messages().count == 5)
        #expect(try sink.connections() == 1)
    }

    @Test func requiredSTARTTLSIsNeverSkipped() throws {
        let sink = try SMTPSink()
        #expect {
            try mailer(sink, requireTLS: true).send(message())
        } throws: { error in
            guard case .tlsFailed = error as? MailError else { return false }
            return true
        }
        #expect(try sink.messages().isEmpty)
    }

    @Test func rejectsInvalidMessageBeforeConnecting() throws {
        let sink = try SMTPSink()
        var bad = message()
        bad.subject = "x\r\nBcc: victim@example.org"
        #expect(throws: MailError.invalidMessage("subject contains a line break")) { try mailer(sink).send(bad) }
        #expect(try sink.connections() == 0)
    }
}

@testable import Fetch
import Foundation
import Testing

@Suite("MailMessage rendering")
struct MailMessageRenderingTests {
    func message(subject: String = MIMEEncodingTests.recoverySubject) -> MailMessage {
        MailMessage(
            from: "CheckTick <no-reply@checktick.example>",
            to: ["Zoë Ångström <zoe@example.org>", "ops@example.org"],
            subject: subject,
            textBody: "Hello Zoë,\n\nYour data is ready.\n.\n.hidden line\n",
            htmlBody: "<p>Hello Zoë,</p>\n<p>Your data is <b>ready</b>.</p>",
            headers: [("Auto-Submitted", "auto-generated")],
            messageID: "<abc.123@checktick.example>")
    }

    func rendered(_ message: MailMessage) throws -> String {
        String(decoding: try message.render(at: Date(timeIntervalSince1970: 1_795_995_706)), as: UTF8.self)
    }

    @Test func hasRequiredHeadersAndBothPartsInOrder() throws {
        let text = try rendered(message())
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.contains("Date: Sun, 29 Nov 2026 23:41:46 +0000\r\n"))
        #expect(head.contains("Message-ID: <abc.123@checktick.example>\r\n"))
        #expect(head.contains("MIME-Version: 1.0\r\n"))
        #expect(head.contains("Auto-Submitted: auto-generated"))
        #expect(head.contains("Content-Type: multipart/alternative;"))
        let plain = try #require(text.range(of: "Content-Type: text/plain; charset=\"utf-8\""))
        let html = try #require(text.range(of: "Content-Type: text/html; charset=\"utf-8\""))
        #expect(plain.lowerBound < html.lowerBound)
        #expect(text.hasSuffix("--\r\n"))
    }

    @Test func usesCRLFOnlyAndShortLines() throws {
        let bytes = try message().render()
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A) }
        }
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(bytes.allSatisfy { $0 < 0x80 })
    }

    @Test func encodesSubjectAndDisplayNamesAsEncodedWords() throws {
        let text = try rendered(message())
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: " ")
        let subjectLine = try #require(unfolded.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
        let words = subjectLine.dropFirst(9).split(separator: " ").map(String.init)
        #expect(try decodeWords(words) == MIMEEncodingTests.recoverySubject)
        let toLine = try #require(unfolded.components(separatedBy: "\r\n").first { $0.hasPrefix("To: ") })
        #expect(toLine.hasSuffix("<zoe@example.org>, ops@example.org"))
        #expect(toLine.contains("=?UTF-8?B?"))
        #expect(text.contains("From: CheckTick <no-reply@checktick.example>\r\n"))
    }

    @Test func foldsLongEncodedHeadersWithinLineLimits() throws {
        var long = message(subject: String(repeating: "Données supprimées — ", count: 8))
        long.to = (1...6).map { "Zoë Ångström-Bäckström Nº\($0) <recipient.number\($0)@example.org>" }
        long.headers = [("X-Survey-Name", String(repeating: "Enquête ", count: 12))]
        let text = try rendered(long)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
        let subjectLine = try #require(unfolded.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
        #expect(try decodeWords(subjectLine.dropFirst(9).split(separator: " ").map(String.init)) == long.subject)
    }

    @Test func keepsPlainASCIISubjectReadable() throws {
        let text = try rendered(message(subject: "Survey Data Deletion Warning: Staff survey"))
        #expect(text.contains("\r\nSubject: Survey Data Deletion Warning: Staff survey\r\n"))
    }

    @Test func quotesDisplayNamesWithSpecials() throws {
        #expect(try MailAddress(parsing: "Smith, Jo <jo@example.org>").headerValue() == "\"Smith, Jo\" <jo@example.org>")
        #expect(try MailAddress(parsing: "\"Smith, Jo\" <jo@example.org>").displayName == "Smith, Jo")
        #expect(try MailAddress(parsing: "jo@example.org").headerValue() == "jo@example.org")
    }

    @Test func envelopeUsesBareAddresses() throws {
        let envelope = try message().envelope()
        #expect(envelope.from == "no-reply@checktick.example")
        #expect(envelope.recipients == ["zoe@example.org", "ops@example.org"])
    }

    @Test func rendersTextOnlyMessageWithoutMultipart() throws {
        var plain = message()
        plain.htmlBody = nil
        let text = try rendered(plain)
        #expect(!text.contains("multipart"))
        #expect(text.contains("Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable"))
    }

    @Test func generatesMessageIDUnderSenderDomain() {
        let first = MailMessage(from: "a@checktick.example", to: ["b@example.org"], subject: "s", textBody: "t")
        let second = MailMessage(from: "a@checktick.example", to: ["b@example.org"], subject: "s", textBody: "t")
        #expect(first.messageID.hasPrefix("<") && first.messageID.hasSuffix("@checktick.example>"))
        #expect(first.messageID != second.messageID)
    }

    @Test(arguments: [
        "Hello\r\nBcc: victim@example.org", "Hello\nBcc: victim@example.org", "Hello\rX: y", "nul\u{0}byte",
    ])
    func rejectsLineBreaksInSubject(subject: String) {
        #expect(throws: MailError.invalidMessage("subject contains a line break")) {
            _ = try message(subject: subject).render()
        }
    }

    @Test(arguments: ["victim@example.org\r\nBcc: x@example.org", "a@b\n", "Name\n <a@example.org>"])
    func rejectsLineBreaksInAddresses(address: String) {
        var bad = message()
        bad.to = [address]
        #expect { _ = try bad.render() } throws: { error in
            guard case .invalidAddress = error as? MailError else { return false }
            return (error as? MailError)?.description == "invalid e-mail address"
        }
        var badFrom = message()
        badFrom.from = address
        #expect(throws: MailError.self) { _ = try badFrom.envelope() }
    }

    @Test(arguments: ["", "no-at-sign", "@example.org", "a@", "a b@example.org", "<a@example.org", "a@exa<mple.org"])
    func rejectsMalformedAddresses(address: String) {
        var bad = message()
        bad.to = [address]
        #expect(throws: MailError.self) { _ = try bad.render() }
    }

    @Test func rejectsUnsafeExtraHeaders() {
        var injected = message()
        injected.headers = [("X-Note", "a\r\nBcc: victim@example.org")]
        #expect(throws: MailError.invalidMessage("header X-Note contains a line break")) { _ = try injected.render() }
        var reserved = message()
        reserved.headers = [("bcc", "victim@example.org")]
        #expect(throws: MailError.invalidMessage("header bcc is set by the renderer")) { _ = try reserved.render() }
        var badName = message()
        badName.headers = [("X Bad", "v")]
        #expect(throws: MailError.invalidMessage("invalid header name")) { _ = try badName.render() }
        var badID = message()
        badID.messageID = "<id@x>\r\nBcc: a@b"
        #expect(throws: MailError.self) { _ = try badID.render() }
    }

    @Test func rejectsMessageWithoutRecipients() {
        var empty = message()
        empty.to = []
        #expect(throws: MailError.invalidMessage("no recipients")) { _ = try empty.render() }
    }
}

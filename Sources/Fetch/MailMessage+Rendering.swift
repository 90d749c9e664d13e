import FoundationEssentials

extension MailMessage {
    /// Header names the renderer writes itself; extra headers may not repeat them.
    static let reservedHeaders: Set<String> = [
        "date", "from", "to", "cc", "bcc", "subject", "message-id", "mime-version",
        "content-type", "content-transfer-encoding",
    ]

    /// The SMTP envelope: bare sender and recipient addresses.
    public func envelope() throws(MailError) -> (from: String, recipients: [String]) {
        let sender = try MailAddress(parsing: from)
        guard !to.isEmpty else { throw .invalidMessage("no recipients") }
        var recipients: [String] = []
        for mailbox in to {
            recipients.append(try MailAddress(parsing: mailbox).address)
        }
        return (sender.address, recipients)
    }

    /// The full message with CRLF line endings, ready for SMTP DATA (curl does the dot-stuffing).
    public func render(at date: Date = Date()) throws(MailError) -> [UInt8] {
        var lines: [String] = []
        for (name, value) in try headerFields(date: date) {
            lines.append("\(name): \(value)")
        }
        if let htmlBody {
            let boundary = Self.makeBoundary()
            lines.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("This is a multi-part message in MIME format.")
            lines.append("")
            lines.append("--\(boundary)")
            lines.append(contentsOf: Self.part(textBody, subtype: "plain"))
            lines.append("--\(boundary)")
            lines.append(contentsOf: Self.part(htmlBody, subtype: "html"))
            lines.append("--\(boundary)--")
        } else {
            lines.append(contentsOf: Self.part(textBody, subtype: "plain"))
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// Top-level headers, validated; values already encoded and folded.
    func headerFields(date: Date) throws(MailError) -> [(String, String)] {
        guard !subject.containsLineBreakOrNUL else { throw .invalidMessage("subject contains a line break") }
        guard !messageID.containsLineBreakOrNUL, messageID.hasPrefix("<"), messageID.hasSuffix(">"),
            messageID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidMessage("Message-ID must be <id@domain> in printable ASCII")
        }
        let sender = try MailAddress(parsing: from)
        guard !to.isEmpty else { throw .invalidMessage("no recipients") }
        var recipients: [MailAddress] = []
        for mailbox in to {
            recipients.append(try MailAddress(parsing: mailbox))
        }
        var fields: [(String, String)] = [
            ("Date", RFC5322Date.format(secondsSince1970: Int64(date.timeIntervalSince1970.rounded(.down)))),
            ("From", MIMEEncoding.mailboxList([sender], nameLength: 6)),
            ("To", MIMEEncoding.mailboxList(recipients, nameLength: 4)),
            ("Subject", MIMEEncoding.unstructured(subject, nameLength: 9)),
            ("Message-ID", messageID),
            ("MIME-Version", "1.0"),
        ]
        for (name, value) in headers {
            let validName = !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            guard validName else { throw .invalidMessage("invalid header name") }
            guard !Self.reservedHeaders.contains(name.lowercased()) else {
                throw .invalidMessage("header \(name) is set by the renderer")
            }
            guard !value.containsLineBreakOrNUL else { throw .invalidMessage("header \(name) contains a line break") }
            fields.append((name, MIMEEncoding.unstructured(value, nameLength: name.utf8.count + 2)))
        }
        return fields
    }

    /// One text part: its headers, a blank line and the quoted-printable body.
    static func part(_ body: String, subtype: String) -> [String] {
        [
            "Content-Type: text/\(subtype); charset=\"utf-8\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            MIMEEncoding.quotedPrintable(body),
        ]
    }

    /// A boundary that cannot occur in quoted-printable text (which always escapes "=").
    static func makeBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        return "=_ctj_" + String(generator.next() as UInt64, radix: 16) + String(generator.next() as UInt64, radix: 16)
    }
}

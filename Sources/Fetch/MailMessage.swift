/// An e-mail: plain text with an optional HTML alternative, rendered as RFC 5322/2045 by `render(at:)`.
public struct MailMessage: Sendable {
    /// Sender mailbox, `addr` or `Name <addr>`; also the envelope sender.
    public var from: String
    /// Recipient mailboxes, each `addr` or `Name <addr>`.
    public var to: [String]
    /// Subject; any Unicode (encoded with RFC 2047 when not plain ASCII).
    public var subject: String
    /// The text/plain part.
    public var textBody: String
    /// The text/html part; nil sends a text-only message.
    public var htmlBody: String?
    /// Extra headers (e.g. `Reply-To`, `Auto-Submitted`); the renderer's own headers cannot be overridden.
    public var headers: [(String, String)]
    /// The `Message-ID` value including angle brackets.
    public var messageID: String

    /// Creates a message; without `messageID` a random one under the sender's domain is made.
    public init(
        from: String,
        to: [String],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        headers: [(String, String)] = [],
        messageID: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
        self.messageID = messageID ?? Self.makeMessageID(from: from)
    }

    /// A unique `<random@domain>` id; the domain is the sender's when it parses.
    public static func makeMessageID(from: String) -> String {
        let domain = (try? MailAddress(parsing: from))?.domain ?? "checktick-jobs.invalid"
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: ".")
        return "<\(random)@\(domain)>"
    }
}

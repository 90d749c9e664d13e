/// One mailbox: `addr@example.org` or `Display Name <addr@example.org>`.
struct MailAddress: Equatable {
    /// The bare address used in the SMTP envelope.
    let address: String
    /// The display name, possibly non-ASCII; nil when absent.
    let displayName: String?

    /// Parses a mailbox; rejects line breaks (header injection), non-ASCII addresses and malformed input.
    init(parsing text: String) throws(MailError) {
        guard !text.containsLineBreakOrNUL else { throw .invalidAddress("address contains a line break") }
        let trimmed = text.trimmingASCIIWhitespace()
        var name: String?
        var bare = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            bare = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var display = trimmed[..<open].trimmingASCIIWhitespace()
            if display.count >= 2, display.hasPrefix("\""), display.hasSuffix("\"") {
                display = String(display.dropFirst().dropLast())
                    .replacing("\\\"", with: "\"")
                    .replacing("\\\\", with: "\\")
            }
            name = display.isEmpty ? nil : display
        }
        try Self.validate(bare: bare)
        address = bare
        displayName = name
    }

    /// Checks the addr-spec: printable ASCII, one local part and a domain, no specials that break headers.
    static func validate(bare: String) throws(MailError) {
        guard let at = bare.lastIndex(of: "@") else { throw .invalidAddress("address has no @") }
        let local = bare[..<at]
        let domain = bare[bare.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { throw .invalidAddress("address has an empty part") }
        let forbidden: Set<UInt8> = Set("<>(),;:\\\"[] ".utf8)
        let ok = bare.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }
        guard ok else { throw .invalidAddress("address contains a character not allowed here") }
        guard domain.utf8.count <= 253, bare.utf8.count <= 254 else { throw .invalidAddress("address is too long") }
    }

    /// The header form as foldable words: the display name (as atoms, one quoted string or
    /// RFC 2047 encoded-words) followed by `<address>`; just the address when there is no name.
    func headerTokens() -> [String] {
        guard let displayName else { return [address] }
        return Self.phraseWords(displayName) + ["<" + address + ">"]
    }

    /// The header form on one line (no folding).
    func headerValue() -> String {
        headerTokens().joined(separator: " ")
    }

    /// A display-name phrase: atoms as is, ASCII with specials quoted, anything else as encoded-words.
    static func phraseWords(_ name: String) -> [String] {
        guard MIMEEncoding.isPlainHeaderText(name) else {
            return MIMEEncoding.encodedWords(name, firstWordLimit: 60)
        }
        let atext = Set("!#$%&'*+-/=?^_`{|}~ ".utf8)
        let isAtoms = name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || atext.contains($0)
        }
        if isAtoms { return name.split(separator: " ").map(String.init) }
        let escaped = name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return ["\"" + escaped + "\""]
    }

    /// The domain of the address (for Message-ID).
    var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "localhost" }
        return String(address[address.index(after: at)...])
    }
}

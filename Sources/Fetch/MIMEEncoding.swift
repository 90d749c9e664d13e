import FoundationEssentials

/// Pure RFC 2045/2047/5322 encoders used by the mail renderer.
enum MIMEEncoding {
    /// Longest header line we produce before folding (RFC 5322 recommends 78).
    static let headerLineLimit = 78
    /// Longest encoded body line (RFC 2045 quoted-printable limit).
    static let bodyLineLimit = 76

    /// Splits text into lines on CRLF, CR or LF.
    static func lines(_ text: String) -> [Substring.UTF8View] {
        var result: [Substring.UTF8View] = []
        let utf8 = Substring(text).utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0D || byte == 0x0A {
                result.append(utf8[start..<index])
                var next = utf8.index(after: index)
                if byte == 0x0D, next < utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                start = next
                index = next
            } else {
                index = utf8.index(after: index)
            }
        }
        result.append(utf8[start..<utf8.endIndex])
        return result
    }

    /// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: CRLF hard breaks, soft breaks keep lines ≤ 76.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for (number, line) in lines(text).enumerated() {
            if number > 0 { output += [0x0D, 0x0A] }
            var width = 0
            var remaining = line.count
            for byte in line {
                remaining -= 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && remaining > 0)
                let length = literal ? 1 : 3
                // Leave room for the "=" of a soft line break.
                if width + length > bodyLineLimit - 1 {
                    output += [UInt8(ascii: "="), 0x0D, 0x0A]
                    width = 0
                }
                if literal {
                    output.append(byte)
                } else {
                    output += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                width += length
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `text` can go into a header as is (printable ASCII, no encoded-word look-alike).
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 } && !text.contains("=?")
    }

    /// RFC 2047 "B" encoded-words for `text`, never splitting a character. Each word is at most
    /// 75 chars; the first at most `firstWordLimit` so that it fits after the header name.
    static func encodedWords(_ text: String, firstWordLimit: Int = 75) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = byteBudget(forWordLength: firstWordLimit)
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > limit, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = []
                limit = byteBudget(forWordLength: 75)
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    /// Raw bytes that fit in a "=?UTF-8?B?...?=" word of `length` chars (at least one 4-byte character).
    private static func byteBudget(forWordLength length: Int) -> Int {
        max(4, (max(0, length - 12) / 4) * 3)
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// An unstructured header value (Subject, extra headers): plain and folded at spaces when it is
    /// printable ASCII, else encoded-words. `nameLength` is the length of "Name: ".
    static func unstructured(_ value: String, nameLength: Int) -> String {
        if isPlainHeaderText(value) {
            let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if words.allSatisfy({ $0.utf8.count + 1 <= headerLineLimit }) {
                return fold(words.map { (" ", $0) }, firstLineUsed: nameLength)
            }
        }
        let words = encodedWords(value, firstWordLimit: max(16, min(75, headerLineLimit - nameLength)))
        return fold(words.map { (" ", $0) }, firstLineUsed: nameLength)
    }

    /// Joins tokens, each preceded by its joiner (" " or ", "; ignored for the first), folding
    /// (CRLF + space, replacing the joiner's space) before a token that would pass 78 chars.
    static func fold(_ tokens: [(joiner: String, text: String)], firstLineUsed: Int) -> String {
        var output = ""
        var width = firstLineUsed
        for (index, token) in tokens.enumerated() {
            if index == 0 {
                output += token.text
                width += token.text.utf8.count
            } else if width + token.joiner.utf8.count + token.text.utf8.count > headerLineLimit, !token.text.isEmpty {
                let beforeFold = token.joiner.hasSuffix(" ") ? String(token.joiner.dropLast()) : token.joiner
                output += beforeFold + "\r\n " + token.text
                width = 1 + token.text.utf8.count
            } else {
                output += token.joiner + token.text
                width += token.joiner.utf8.count + token.text.utf8.count
            }
        }
        return output
    }

    /// A list of mailboxes (From, To), folded between words and after commas.
    static func mailboxList(_ mailboxes: [MailAddress], nameLength: Int) -> String {
        var tokens: [(joiner: String, text: String)] = []
        for mailbox in mailboxes {
            for (index, word) in mailbox.headerTokens().enumerated() {
                tokens.append((index == 0 ? ", " : " ", word))
            }
        }
        return fold(tokens, firstLineUsed: nameLength)
    }
}

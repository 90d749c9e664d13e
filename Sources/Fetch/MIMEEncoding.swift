import FoundationEssentials

/// Pure RFC 2045/2047/5322 encoders used by the mail renderer.
enum MIMEEncoding {
    /// Longest header line we produce before folding (RFC 5322 recommends 78).
    static let headerLineLimit = 78
    /// Longest encoded body line (RFC 2045 quoted-printable limit).
    static let bodyLineLimit = 76
    /// Raw bytes per RFC 2047 "B" encoded-word: 45 bytes → 60 base64 chars → a 72-char word (limit 75).
    static let encodedWordBytes = 45

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
        var output = ""
        let hex = Array("0123456789ABCDEF")
        for (number, line) in lines(text).enumerated() {
            if number > 0 { output += "\r\n" }
            var width = 0
            let bytes = Array(line)
            for (offset, byte) in bytes.enumerated() {
                let isLast = offset == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !isLast)
                let token = literal
                    ? String(UnicodeScalar(byte))
                    : "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
                // Leave room for the "=" of a soft line break.
                if width + token.count > bodyLineLimit - 1 {
                    output += "=\r\n"
                    width = 0
                }
                output += token
                width += token.count
            }
        }
        return output
    }

    /// Whether `text` can go into a header as is (printable ASCII, no encoded-word look-alike).
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 } && !text.contains("=?")
    }

    /// RFC 2047 "B" encoded-words for `text`, each ≤ 75 chars, never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > encodedWordBytes, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
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
                return fold(words, separator: " ", firstLineUsed: nameLength)
            }
        }
        return fold(encodedWords(value), separator: " ", firstLineUsed: nameLength)
    }

    /// Joins items with `separator` (" " or ", "), folding (CRLF + space) before an item that
    /// would take the line past 78 chars; the fold replaces the separator's space.
    static func fold(_ items: [String], separator: String, firstLineUsed: Int) -> String {
        let beforeFold = separator.hasSuffix(" ") ? String(separator.dropLast()) : separator
        var output = ""
        var width = firstLineUsed
        for (index, item) in items.enumerated() {
            if index == 0 {
                output += item
                width += item.utf8.count
            } else if width + separator.utf8.count + item.utf8.count > headerLineLimit, !item.isEmpty {
                output += beforeFold + "\r\n " + item
                width = 1 + item.utf8.count
            } else {
                output += separator + item
                width += separator.utf8.count + item.utf8.count
            }
        }
        return output
    }
}

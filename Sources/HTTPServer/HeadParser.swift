/// Parses a complete request head (request line, header fields, blank line) whose every LF is
/// already known to follow a CR; applies the smuggling rules of RFC 9112 §6.
enum HeadParser {
    /// Parses the head in `bytes[start..<end]` (end just after CRLF CRLF).
    static func parse(
        _ bytes: UnsafeRawBufferPointer, start: Int, end: Int, limits: HTTPRequestParser.Limits
    ) throws(ParseFailure) -> ParsedHead {
        var index = start
        let method = try token(bytes, &index, end: end)
        try expectSpace(bytes, &index, end: end)
        let target = try requestTarget(bytes, &index, end: end)
        try expectSpace(bytes, &index, end: end)
        let version = try protocolVersion(bytes, &index, end: end)
        if method == "OPTIONS" ? !(target == "*" || target.utf8.first == UInt8(ascii: "/"))
            : target.utf8.first != UInt8(ascii: "/") {
            throw ParseFailure(status: 400, reason: "unsupported request target form")
        }
        var fields = HeadFieldScanner(limits: limits)
        try fields.scan(bytes, from: index, end: end)
        return try fields.finish(method: method, target: target, version: version)
    }

    private static func token(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, end: Int) throws(ParseFailure) -> String {
        let first = index
        while index < end && ASCII.isToken(bytes[index]) { index += 1 }
        guard index > first else { throw ParseFailure(status: 400, reason: "invalid method") }
        return string(bytes, first, index)
    }

    private static func expectSpace(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, end: Int) throws(ParseFailure) {
        guard index < end && bytes[index] == ASCII.space else {
            throw ParseFailure(status: 400, reason: "malformed request line")
        }
        index += 1
    }

    private static func requestTarget(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, end: Int) throws(ParseFailure) -> String {
        let first = index
        while index < end {
            let byte = bytes[index]
            if byte == ASCII.space { break }
            // Visible ASCII only: clients must percent-encode everything else.
            guard byte > 0x20 && byte < 0x7F else {
                throw ParseFailure(status: 400, reason: "invalid character in request target")
            }
            index += 1
        }
        guard index > first else { throw ParseFailure(status: 400, reason: "malformed request line") }
        return string(bytes, first, index)
    }

    private static func protocolVersion(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, end: Int) throws(ParseFailure) -> HTTPVersion {
        // "HTTP/" DIGIT "." DIGIT CRLF
        guard end - index >= 10,
            bytes[index] == UInt8(ascii: "H"), bytes[index + 1] == UInt8(ascii: "T"),
            bytes[index + 2] == UInt8(ascii: "T"), bytes[index + 3] == UInt8(ascii: "P"),
            bytes[index + 4] == UInt8(ascii: "/"), bytes[index + 6] == UInt8(ascii: "."),
            bytes[index + 8] == ASCII.cr, bytes[index + 9] == ASCII.lf
        else { throw ParseFailure(status: 400, reason: "malformed HTTP version") }
        let major = bytes[index + 5] &- UInt8(ascii: "0")
        let minor = bytes[index + 7] &- UInt8(ascii: "0")
        guard major <= 9 && minor <= 9 else { throw ParseFailure(status: 400, reason: "malformed HTTP version") }
        guard major == 1 && minor <= 1 else { throw ParseFailure(status: 505, reason: "HTTP version not supported") }
        index += 10
        return minor == 1 ? .http1_1 : .http1_0
    }

    /// The UTF-8 text of `bytes[from..<to]` (invalid sequences repaired).
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }
}

/// How the body of a request is delimited.
enum BodyFraming: Equatable {
    case none
    case contentLength(Int)
    case chunked
}

/// A parsed head and the framing its headers declare.
struct ParsedHead {
    let head: HTTPRequestHead
    let framing: BodyFraming
}

/// Parses a complete request head (request line, header fields, blank line) whose every LF is
/// already known to follow a CR; applies the smuggling rules of RFC 9112 §6.
enum HeadParser {
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
        var fields = FieldScan(limits: limits)
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

    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }
}

/// Walks the header field lines and records what framing and connection handling need.
private struct FieldScan {
    let limits: HTTPRequestParser.Limits
    var headers = HTTPHeaders(reservingCapacity: 8)
    var contentLengthCount = 0
    var contentLength = 0
    var transferEncodingCount = 0
    var transferEncodingValue = ""
    var hostCount = 0
    var connectionClose = false
    var connectionKeepAlive = false
    var expectsContinue = false

    init(limits: HTTPRequestParser.Limits) {
        self.limits = limits
    }

    mutating func scan(_ bytes: UnsafeRawBufferPointer, from start: Int, end: Int) throws(ParseFailure) {
        var index = start
        while index < end {
            let first = bytes[index]
            if first == ASCII.cr {
                guard index + 1 < end, bytes[index + 1] == ASCII.lf else {
                    throw ParseFailure(status: 400, reason: "bare CR in request head")
                }
                return
            }
            if ASCII.isWhitespace(first) {
                throw ParseFailure(status: 400, reason: "obsolete line folding")
            }
            let nameStart = index
            while index < end && ASCII.isToken(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == ASCII.colon else {
                if index < end && ASCII.isWhitespace(bytes[index]) {
                    throw ParseFailure(status: 400, reason: "whitespace before colon in header name")
                }
                throw ParseFailure(status: 400, reason: "invalid header name")
            }
            guard index > nameStart else { throw ParseFailure(status: 400, reason: "empty header name") }
            let nameEnd = index
            index += 1
            while index < end && ASCII.isWhitespace(bytes[index]) { index += 1 }
            let valueStart = index
            while index < end && bytes[index] != ASCII.cr {
                if ASCII.isForbiddenInValue(bytes[index]) {
                    throw ParseFailure(status: 400, reason: "control character in header value")
                }
                index += 1
            }
            guard index + 1 < end, bytes[index + 1] == ASCII.lf else {
                throw ParseFailure(status: 400, reason: "bare CR in request head")
            }
            var valueEnd = index
            while valueEnd > valueStart && ASCII.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
            index += 2
            guard headers.count < limits.maxHeaderCount else {
                throw ParseFailure(status: 431, reason: "too many header fields")
            }
            try record(bytes, name: nameStart..<nameEnd, value: valueStart..<valueEnd)
        }
    }

    private mutating func record(_ bytes: UnsafeRawBufferPointer, name: Range<Int>, value: Range<Int>) throws(ParseFailure) {
        let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[name])
        let valueBytes = UnsafeRawBufferPointer(rebasing: bytes[value])
        let valueString = HeadParser.string(bytes, value.lowerBound, value.upperBound)
        switch name.count {
        case 4 where ASCII.caseInsensitiveEquals(nameBytes, "host".utf8):
            hostCount += 1
        case 6 where ASCII.caseInsensitiveEquals(nameBytes, "expect".utf8):
            expectsContinue = ASCII.caseInsensitiveEquals(valueBytes, "100-continue".utf8)
        case 10 where ASCII.caseInsensitiveEquals(nameBytes, "connection".utf8):
            for element in valueBytes.split(separator: UInt8(ascii: ",")) {
                let option = ASCII.trimmed(element)
                if ASCII.caseInsensitiveEquals(option, "close".utf8) { connectionClose = true }
                if ASCII.caseInsensitiveEquals(option, "keep-alive".utf8) { connectionKeepAlive = true }
            }
        case 14 where ASCII.caseInsensitiveEquals(nameBytes, "content-length".utf8):
            contentLengthCount += 1
            contentLength = try Self.decimal(valueBytes)
        case 17 where ASCII.caseInsensitiveEquals(nameBytes, "transfer-encoding".utf8):
            transferEncodingCount += 1
            transferEncodingValue = valueString
        default:
            break
        }
        headers.add(HeadParser.string(bytes, name.lowerBound, name.upperBound), valueString)
    }

    // Content-Length = 1*DIGIT; signs, lists, spaces and overflow are all smuggling vectors.
    private static func decimal(_ bytes: UnsafeRawBufferPointer) throws(ParseFailure) -> Int {
        guard !bytes.isEmpty else { throw ParseFailure(status: 400, reason: "invalid Content-Length") }
        var value = 0
        for byte in bytes {
            let digit = Int(byte &- UInt8(ascii: "0"))
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                throw ParseFailure(status: 400, reason: "invalid Content-Length")
            }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else { throw ParseFailure(status: 400, reason: "invalid Content-Length") }
            value = sum
        }
        return value
    }

    func finish(method: String, target: String, version: HTTPVersion) throws(ParseFailure) -> ParsedHead {
        if version == .http1_1 && hostCount == 0 {
            throw ParseFailure(status: 400, reason: "missing Host header")
        }
        if hostCount > 1 { throw ParseFailure(status: 400, reason: "duplicate Host header") }
        if contentLengthCount > 1 { throw ParseFailure(status: 400, reason: "duplicate Content-Length") }
        var framing = BodyFraming.none
        if transferEncodingCount > 0 {
            // RFC 9112 §6.1 and §6.3: Transfer-Encoding in HTTP/1.0, or together with Content-Length,
            // means the framing cannot be trusted.
            if version == .http1_0 { throw ParseFailure(status: 400, reason: "Transfer-Encoding in HTTP/1.0") }
            if contentLengthCount > 0 {
                throw ParseFailure(status: 400, reason: "both Content-Length and Transfer-Encoding")
            }
            if transferEncodingCount > 1 { throw ParseFailure(status: 400, reason: "duplicate Transfer-Encoding") }
            try Self.checkTransferEncoding(transferEncodingValue)
            framing = .chunked
        } else if contentLengthCount == 1 {
            framing = contentLength > 0 ? .contentLength(contentLength) : .none
        }
        let keepAlive = version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        let head = HTTPRequestHead(
            method: method, target: target, version: version, headers: headers,
            keepAlive: keepAlive, expectsContinue: expectsContinue)
        return ParsedHead(head: head, framing: framing)
    }

    // Only `chunked` alone is accepted. A list whose last coding is `chunked` but which adds
    // codings we do not implement (`gzip, chunked`) is 501 (RFC 9112 §6.1); anything else,
    // including `chunked` not last or twice, is 400 (RFC 9112 §6.3).
    private static func checkTransferEncoding(_ value: String) throws(ParseFailure) {
        if ASCII.caseInsensitiveEquals(value, "chunked") { return }
        let codings = value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { ASCII.trimmed($0) }
        let isChunked = { (coding: Substring.UTF8View.SubSequence) in ASCII.caseInsensitiveEquals(coding, "chunked".utf8) }
        let wellFormed = codings.allSatisfy { !$0.isEmpty && $0.allSatisfy(ASCII.isToken) }
        if wellFormed, let last = codings.last, isChunked(last), !codings.dropLast().contains(where: isChunked) {
            throw ParseFailure(status: 501, reason: "unsupported transfer coding")
        }
        throw ParseFailure(status: 400, reason: "invalid Transfer-Encoding")
    }
}

import Glibc

/// Walks the header field lines and records what framing and connection handling need.
struct HeadFieldScanner {
    private let limits: HTTPRequestParser.Limits
    private var headers = HTTPHeaders(reservingCapacity: 8)
    private var contentLengthCount = 0
    private var contentLength = 0
    private var transferEncodingCount = 0
    private var transferEncodingValue = ""
    private var hostCount = 0
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var expectsContinue = false

    /// A scanner enforcing the field-count limit of `limits`.
    init(limits: HTTPRequestParser.Limits) {
        self.limits = limits
    }

    /// Reads every field line from `start` up to the blank line before `end`.
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
            // A list field (RFC 9110 §10.1.1): any member of any Expect line may ask for 100 Continue,
            // as `HTTPRequestHead.init` derives it from the fields.
            for element in valueBytes.split(separator: UInt8(ascii: ","))
            where ASCII.caseInsensitiveEquals(ASCII.trimmed(element), "100-continue".utf8) {
                expectsContinue = true
            }
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
        headers.add(Self.knownName(nameBytes) ?? HeadParser.string(bytes, name.lowerBound, name.upperBound), valueString)
    }

    // Field names most requests carry, in their usual spellings. A name spelled exactly so is stored as
    // the literal (no allocation, no reference counting); any other spelling is kept as sent.
    private static func knownName(_ bytes: UnsafeRawBufferPointer) -> String? {
        func spelled(_ literal: StaticString) -> Bool {
            literal.utf8CodeUnitCount == bytes.count && memcmp(literal.utf8Start, bytes.baseAddress!, bytes.count) == 0
        }
        switch bytes.count {
        case 4:
            if spelled("Host") { return "Host" }
            if spelled("host") { return "host" }
        case 6:
            if spelled("Accept") { return "Accept" }
            if spelled("accept") { return "accept" }
            if spelled("Expect") { return "Expect" }
            if spelled("expect") { return "expect" }
        case 10:
            if spelled("webhook-id") { return "webhook-id" }
            if spelled("Webhook-Id") { return "Webhook-Id" }
            if spelled("User-Agent") { return "User-Agent" }
            if spelled("user-agent") { return "user-agent" }
            if spelled("Connection") { return "Connection" }
            if spelled("connection") { return "connection" }
        case 12:
            if spelled("Content-Type") { return "Content-Type" }
            if spelled("content-type") { return "content-type" }
            if spelled("X-Request-Id") { return "X-Request-Id" }
            if spelled("x-request-id") { return "x-request-id" }
        case 13:
            if spelled("Authorization") { return "Authorization" }
            if spelled("authorization") { return "authorization" }
        case 14:
            if spelled("Content-Length") { return "Content-Length" }
            if spelled("content-length") { return "content-length" }
        case 15:
            if spelled("Accept-Encoding") { return "Accept-Encoding" }
            if spelled("accept-encoding") { return "accept-encoding" }
        case 17:
            if spelled("webhook-signature") { return "webhook-signature" }
            if spelled("webhook-timestamp") { return "webhook-timestamp" }
            if spelled("Webhook-Signature") { return "Webhook-Signature" }
            if spelled("Webhook-Timestamp") { return "Webhook-Timestamp" }
            if spelled("Transfer-Encoding") { return "Transfer-Encoding" }
            if spelled("transfer-encoding") { return "transfer-encoding" }
        default:
            break
        }
        return nil
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

    /// Applies the framing and Host rules to what was scanned and builds the head.
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

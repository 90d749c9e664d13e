import HTTPServer

// What must hold for every single result, whatever the input.
extension ParserFuzzer {
    /// The statuses the parser may answer with.
    static let rejectionStatuses: Set<Int> = [400, 413, 431, 501, 505]

    /// Checks one result of the one-buffer parse of `input[offset...]`.
    static func checkResult(_ result: HTTPParseResult, input: [UInt8], offset: Int, limits: HTTPRequestParser.Limits) {
        switch result {
        case .needMore:
            break
        case .invalid(let status, let reason):
            guard rejectionStatuses.contains(status) else { fail("unexpected rejection status \(status)", input) }
            // The reason goes to the client: short printable ASCII.
            guard !reason.isEmpty, reason.utf8.count <= 80, reason.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                fail("unsafe rejection reason \(reason.debugDescription)", input)
            }
        case .complete(let head, let body, let consumed):
            let request = Array(input[offset..<(offset + consumed)])
            checkHead(head, body: body, request: request, limits: limits, input: input)
            checkRefeed(result, request: request, limits: limits, input: input)
            checkRoundTrip(head, body: body, request: request, limits: limits, input: input)
        }
    }

    // A valid method, origin-form target, version, header fields and framing.
    private static func checkHead(
        _ head: HTTPRequestHead, body: [UInt8], request: [UInt8], limits: HTTPRequestParser.Limits, input: [UInt8]
    ) {
        guard !head.method.isEmpty, head.method.utf8.allSatisfy(isToken) else {
            fail("invalid method \(head.method.debugDescription)", input)
        }
        let target = Array(head.target.utf8)
        let originForm = target.first == UInt8(ascii: "/")
        guard originForm || (head.method == "OPTIONS" && head.target == "*"),
            target.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { fail("invalid target \(head.target.debugDescription)", input) }
        guard head.version == .http1_0 || head.version == .http1_1 else { fail("version \(head.version)", input) }
        guard head.headers.count <= limits.maxHeaderCount else { fail("\(head.headers.count) header fields", input) }
        for field in head.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(isToken) else {
                fail("invalid header name \(field.name.debugDescription)", input)
            }
            let value = Array(field.value.utf8)
            guard value.allSatisfy({ ($0 >= 0x20 || $0 == 0x09) && $0 != 0x7F }),
                value.first.map({ !isWhitespace($0) }) ?? true, value.last.map({ !isWhitespace($0) }) ?? true
            else { fail("invalid value \(field.value.debugDescription) of \(field.name)", input) }
        }
        let hosts = head.headers.values(for: "Host").count
        guard hosts == 1 || (hosts == 0 && head.version == .http1_0) else { fail("\(hosts) Host fields", input) }
        guard body.count <= limits.maxBodyBytes else { fail("body of \(body.count) bytes", input) }
        guard let headEnd = endOfHead(request), headEnd <= request.count else { fail("no end of head", input) }
        guard headEnd <= limits.maxHeaderBytes else { fail("head of \(headEnd) bytes", input) }
        checkFraming(head, body: body, request: request, headEnd: headEnd, input: input)
        // The flags the parser worked out agree with those derived from the fields afterwards.
        let derived = HTTPRequestHead(method: head.method, target: head.target, version: head.version, headers: head.headers)
        guard derived.keepAlive == head.keepAlive, derived.expectsContinue == head.expectsContinue else {
            fail("keepAlive \(head.keepAlive)/expectsContinue \(head.expectsContinue) disagree with the fields", input)
        }
    }

    // Content-Length or chunked, never both, each at most once; the body is what was framed.
    private static func checkFraming(
        _ head: HTTPRequestHead, body: [UInt8], request: [UInt8], headEnd: Int, input: [UInt8]
    ) {
        let lengths = head.headers.values(for: "Content-Length")
        let codings = head.headers.values(for: "Transfer-Encoding")
        guard lengths.count + codings.count <= 1 else { fail("\(lengths.count) CL, \(codings.count) TE", input) }
        if let coding = codings.first {
            guard coding.lowercased() == "chunked", head.version == .http1_1 else {
                fail("accepted Transfer-Encoding \(coding.debugDescription)", input)
            }
        } else if let length = lengths.first {
            guard !length.isEmpty, length.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(length),
                body.count == value, request.count == headEnd + value, Array(request[headEnd...]) == body
            else { fail("Content-Length \(length) but body of \(body.count) bytes", input) }
        } else {
            guard body.isEmpty, request.count == headEnd else { fail("body without framing", input) }
        }
    }

    // The request alone parses to the same result, and so does a second parse by a parser
    // that has just completed (it must have reset itself).
    private static func checkRefeed(
        _ result: HTTPParseResult, request: [UInt8], limits: HTTPRequestParser.Limits, input: [UInt8]
    ) {
        var parser = HTTPRequestParser(limits: limits)
        let first = withExactCopy(request[...]) { parser.parse($0) }
        guard first == result else { fail("the consumed bytes alone parse to \(Outcome(results: [first]))", input) }
        let second = withExactCopy(request[...]) { parser.parse($0) }
        guard second == result else { fail("a second parse gives \(Outcome(results: [second]))", input) }
    }

    // Written out again without optional whitespace, leading blank lines, chunk extensions or
    // trailers, the request parses to the same head and body.
    private static func checkRoundTrip(
        _ head: HTTPRequestHead, body: [UInt8], request: [UInt8], limits: HTTPRequestParser.Limits, input: [UInt8]
    ) {
        var bytes = Array((head.method + " " + head.target + " " + head.version.description + "\r\n").utf8)
        for field in head.headers { bytes += Array("\(field.name):\(field.value)\r\n".utf8) }
        bytes += Array("\r\n".utf8)
        // Invalid UTF-8 in a value was repaired to U+FFFD, which is longer: the limit may then apply.
        guard bytes.count <= limits.maxHeaderBytes else { return }
        let chunked = head.headers.contains("Transfer-Encoding")
        if chunked {
            if !body.isEmpty { bytes += Array("\(String(body.count, radix: 16))\r\n".utf8) + body + Array("\r\n".utf8) }
            bytes += Array("0\r\n\r\n".utf8)
        } else {
            bytes += body
        }
        var parser = HTTPRequestParser(limits: limits)
        let again = withExactCopy(bytes[...]) { parser.parse($0) }
        guard again == .complete(head: head, body: body, consumed: bytes.count) else {
            fail("written out again it parses to \(Outcome(results: [again]))", input)
        }
    }

    // Offset just after the CRLF CRLF that ends the head, skipping blank lines before the request line.
    private static func endOfHead(_ request: [UInt8]) -> Int? {
        var start = 0
        while start + 1 < request.count && request[start] == 0x0D && request[start + 1] == 0x0A { start += 2 }
        var index = start
        while index + 3 < request.count {
            if request[index] == 0x0D && request[index + 1] == 0x0A && request[index + 2] == 0x0D
                && request[index + 3] == 0x0A
            {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    private static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}

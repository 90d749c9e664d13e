import HTTPServer
import Testing

@Suite("HTTPRequestParser: malformed requests and smuggling defences")
struct HTTPRequestParserRejectionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let wire: String
        let status: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Framing conflicts (request smuggling).
        Case(name: "Content-Length and Transfer-Encoding", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400),
        Case(name: "Transfer-Encoding then Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", status: 400),
        Case(name: "duplicate equal Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", status: 400),
        Case(name: "duplicate different Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400),
        Case(name: "comma-listed Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", status: 400),
        Case(name: "negative Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", status: 400),
        Case(name: "signed Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc", status: 400),
        Case(name: "hex Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x3\r\n\r\nabc", status: 400),
        Case(name: "empty Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", status: 400),
        Case(name: "Content-Length with inner space", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n", status: 400),
        Case(name: "overflowing Content-Length", wire: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", status: 400),
        Case(name: "Transfer-Encoding gzip", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", status: 400),
        Case(name: "Transfer-Encoding identity", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", status: 400),
        Case(name: "Transfer-Encoding chunked twice in a list", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", status: 400),
        Case(name: "Transfer-Encoding chunked not last", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", status: 400),
        Case(name: "Transfer-Encoding near-miss", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", status: 400),
        Case(name: "Transfer-Encoding empty", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n", status: 400),
        Case(name: "two Transfer-Encoding fields", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400),
        Case(name: "unsupported coding before chunked", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501),
        Case(name: "Transfer-Encoding in HTTP/1.0", wire: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        // Line endings and field syntax.
        Case(name: "bare LF after request line", wire: "GET / HTTP/1.1\nHost: a\r\n\r\n", status: 400),
        Case(name: "bare LF after a field", wire: "GET / HTTP/1.1\r\nHost: a\n\r\n", status: 400),
        Case(name: "bare LF ending the head", wire: "GET / HTTP/1.1\r\nHost: a\r\n\n", status: 400),
        Case(name: "bare LF before the request line", wire: "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "bare CR inside a value", wire: "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", status: 400),
        Case(name: "whitespace before colon", wire: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", status: 400),
        Case(name: "tab before colon", wire: "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", status: 400),
        Case(name: "obs-fold continuation line", wire: "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", status: 400),
        Case(name: "obs-fold with tab", wire: "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n", status: 400),
        Case(name: "whitespace before first field", wire: "GET / HTTP/1.1\r\n Host: a\r\n\r\n", status: 400),
        Case(name: "invalid character in method", wire: "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "invalid character in header name", wire: "GET / HTTP/1.1\r\nHost: a\r\nX@Y: 1\r\n\r\n", status: 400),
        Case(name: "empty header name", wire: "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", status: 400),
        Case(name: "header line without colon", wire: "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", status: 400),
        Case(name: "NUL in header value", wire: "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", status: 400),
        Case(name: "control character in header value", wire: "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{1}b\r\n\r\n", status: 400),
        Case(name: "DEL in header value", wire: "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{7F}b\r\n\r\n", status: 400),
        Case(name: "HTTP/1.1 without Host", wire: "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", status: 400),
        Case(name: "two Host fields", wire: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
        // Request line.
        Case(name: "HTTP/2.0", wire: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505),
        Case(name: "HTTP/1.2", wire: "GET / HTTP/1.2\r\nHost: a\r\n\r\n", status: 505),
        Case(name: "HTTP/0.9 style", wire: "GET /\r\n\r\n", status: 400),
        Case(name: "misspelt protocol", wire: "GET / HTTX/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "lowercase protocol", wire: "GET / http/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "two spaces after method", wire: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "space inside target", wire: "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "control character in target", wire: "GET /a\u{1}b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "non-ASCII in target", wire: "GET /é HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "absolute-form target", wire: "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Case(name: "trailing junk after version", wire: "GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", status: 400),
        // Chunked framing.
        Case(name: "non-hex chunk size", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", status: 400),
        Case(name: "empty chunk size", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", status: 400),
        Case(name: "bare LF after chunk size", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", status: 400),
        Case(name: "chunk longer than declared", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", status: 400),
        Case(name: "bare LF in trailer", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\n\r\n", status: 400),
        Case(name: "obs-fold in trailer", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\r\n y\r\n\r\n", status: 400),
        Case(name: "huge chunk size", wire: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", status: 413),
    ]

    @Test(arguments: cases)
    func rejects(_ testCase: Case) {
        var parser = HTTPRequestParser()
        guard case .invalid(let status, let reason) = parser.parse(Array(testCase.wire.utf8)) else {
            Issue.record("accepted or waiting: \(testCase.name)")
            return
        }
        #expect(status == testCase.status)
        #expect(!reason.isEmpty)
    }

    @Test(arguments: cases)
    func rejectsWhenFedByteByByte(_ testCase: Case) {
        let bytes = Array(testCase.wire.utf8)
        var parser = HTTPRequestParser()
        var outcome = HTTPParseResult.needMore
        for length in 1...bytes.count {
            outcome = parser.parse(Array(bytes[0..<length]))
            if outcome != .needMore { break }
        }
        guard case .invalid(let status, _) = outcome else {
            Issue.record("not rejected incrementally: \(testCase.name) → \(outcome)")
            return
        }
        #expect(status == testCase.status)
    }

    @Test func rejectsBareLFBeforeTheHeadIsComplete() {
        // A client that never sends CRLF must not be left waiting for a timeout.
        var parser = HTTPRequestParser()
        #expect(parser.parse(Array("GET / HTTP/1.1\nHost: a".utf8)) == .invalid(status: 400, reason: "bare LF in request head"))
    }

    @Test func acceptsTransferEncodingCaseInsensitivelyWithSpaces() {
        var parser = HTTPRequestParser()
        let result = parser.parse(Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  Chunked \r\n\r\n0\r\n\r\n".utf8))
        guard case .complete(_, let body, _) = result else {
            Issue.record("rejected: \(result)")
            return
        }
        #expect(body.isEmpty)
    }
}

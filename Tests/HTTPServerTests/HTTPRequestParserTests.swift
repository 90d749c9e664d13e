import HTTPServer
import Testing

@Suite("HTTPRequestParser: complete requests, truncation, pipelining")
struct HTTPRequestParserTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let name: String
        let wire: String
        let method: String
        let target: String
        let body: String
        var testDescription: String { name }
    }

    static let samples: [Sample] = [
        Sample(name: "GET", wire: "GET / HTTP/1.1\r\nHost: a\r\n\r\n", method: "GET", target: "/", body: ""),
        Sample(
            name: "POST with Content-Length",
            wire: "POST /jobs/x?wait=5 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nX-Tab:\tv \r\n\r\nhello",
            method: "POST", target: "/jobs/x?wait=5", body: "hello"),
        Sample(
            name: "chunked with extension and trailer",
            wire: "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n",
            method: "POST", target: "/x", body: "hello, world!!!"),
        Sample(name: "HTTP/1.0 without Host", wire: "GET /a?b=c HTTP/1.0\r\n\r\n", method: "GET", target: "/a?b=c", body: ""),
        Sample(
            name: "leading empty line", wire: "\r\nDELETE /r HTTP/1.1\r\nhost: a\r\n\r\n", method: "DELETE", target: "/r",
            body: ""),
    ]

    @Test("needs more until the last byte when parsed fresh each time", arguments: samples)
    func freshParserNeedsMoreUntilLastByte(sample: Sample) {
        let bytes = Array(sample.wire.utf8)
        for length in 0..<bytes.count {
            var parser = HTTPRequestParser()
            #expect(parser.parse(Array(bytes[0..<length])) == .needMore, "prefix of \(length) bytes")
        }
        var parser = HTTPRequestParser()
        expectComplete(parser.parse(bytes), sample, consumed: bytes.count)
    }

    @Test("needs more until the last byte when fed byte by byte", arguments: samples)
    func incrementalParserNeedsMoreUntilLastByte(sample: Sample) {
        let bytes = Array(sample.wire.utf8)
        var parser = HTTPRequestParser()
        for length in 0..<bytes.count {
            #expect(parser.parse(Array(bytes[0..<length])) == .needMore, "prefix of \(length) bytes")
        }
        expectComplete(parser.parse(bytes), sample, consumed: bytes.count)
    }

    @Test("consumes exactly one request when more bytes follow", arguments: samples)
    func consumesOnlyItsOwnBytes(sample: Sample) {
        let bytes = Array(sample.wire.utf8)
        var parser = HTTPRequestParser()
        expectComplete(parser.parse(bytes + Array("GET /next HTTP/1.1\r\n".utf8)), sample, consumed: bytes.count)
    }

    @Test func parsesPipelinedRequestsUsingConsumedCount() throws {
        let wire = Array(
            ("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n").utf8)
        var parser = HTTPRequestParser()
        var offset = 0
        var seen: [(String, String)] = []
        while offset < wire.count {
            guard case .complete(let head, let body, let consumed) = parser.parse(Array(wire[offset...])) else {
                Issue.record("request at offset \(offset) did not parse")
                return
            }
            seen.append((head.target, String(decoding: body, as: UTF8.self)))
            offset += consumed
        }
        #expect(seen.map(\.0) == ["/a", "/b", "/c"])
        #expect(seen.map(\.1) == ["abc", "", "z"])
    }

    @Test func keepsHeaderOrderAndCaseInsensitiveLookup() throws {
        var parser = HTTPRequestParser()
        let result = parser.parse(Array("GET / HTTP/1.1\r\nHost: a\r\nX-One: 1\r\nx-one: 2\r\n\r\n".utf8))
        guard case .complete(let head, _, _) = result else {
            Issue.record("not complete: \(result)")
            return
        }
        #expect(head.headers["X-ONE"] == "1")
        #expect(head.headers.values(for: "x-One") == ["1", "2"])
        #expect(head.headers.count == 3)
    }

    @Test func derivesKeepAliveFromVersionAndConnectionHeader() {
        func keepAlive(_ wire: String) -> Bool? {
            var parser = HTTPRequestParser()
            guard case .complete(let head, _, _) = parser.parse(Array(wire.utf8)) else { return nil }
            return head.keepAlive
        }
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == true)
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: a\r\nConnection: te, close\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") == true)
    }

    @Test func recognisesExpectContinue() {
        var parser = HTTPRequestParser()
        let result = parser.parse(Array("PUT /u HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n".utf8))
        #expect(result == .needMore)
        #expect(parser.pendingHead?.expectsContinue == true)
        #expect(parser.pendingHead?.method == "PUT")
    }

    @Test func acceptsOptionsAsterisk() {
        var parser = HTTPRequestParser()
        guard case .complete(let head, _, _) = parser.parse(Array("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n".utf8)) else {
            Issue.record("OPTIONS * rejected")
            return
        }
        #expect(head.target == "*")
    }

    private func expectComplete(_ result: HTTPParseResult, _ sample: Sample, consumed expected: Int) {
        guard case .complete(let head, let body, let consumed) = result else {
            Issue.record("expected a complete request, got \(result)")
            return
        }
        #expect(head.method == sample.method)
        #expect(head.target == sample.target)
        #expect(String(decoding: body, as: UTF8.self) == sample.body)
        #expect(consumed == expected)
    }
}

import HTTPServer
import Testing

@Suite("HTTPRequestParser: limits at, below and above the boundary")
struct HTTPRequestParserLimitTests {
    static let limits = HTTPRequestParser.Limits(maxHeaderBytes: 256, maxBodyBytes: 100, maxHeaderCount: 5)

    // A head of exactly `size` bytes including the final CRLF CRLF.
    static func head(ofSize size: Int) -> String {
        let fixed = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: \r\n\r\n"
        return "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + String(repeating: "p", count: size - fixed.utf8.count) + "\r\n\r\n"
    }

    static func status(_ wire: String, limits: HTTPRequestParser.Limits = limits) -> Int {
        status(Array(wire.utf8), limits: limits)
    }

    static func status(_ bytes: [UInt8], limits: HTTPRequestParser.Limits = limits) -> Int {
        var parser = HTTPRequestParser(limits: limits)
        switch parser.parse(bytes) {
        case .complete: return 200
        case .needMore: return 0
        case .invalid(let status, _): return status
        }
    }

    @Test(arguments: [(255, 200), (256, 200), (257, 431)])
    func headerBytesLimit(size: Int, expected: Int) {
        #expect(Self.head(ofSize: size).utf8.count == size)
        #expect(Self.status(Self.head(ofSize: size)) == expected)
    }

    @Test func rejectsOversizedHeadBeforeItEnds() {
        // No terminator yet, but already at the limit: no point waiting for more.
        let long = Array(Self.head(ofSize: 300).utf8)
        #expect(Self.status(Array(long[0..<256])) == 431)
        #expect(Self.status(Array(long[0..<255])) == 0)
    }

    @Test func countsLeadingEmptyLinesTowardTheHeadLimit() {
        #expect(Self.status(String(repeating: "\r\n", count: 128)) == 431)
        #expect(Self.status(String(repeating: "\r\n", count: 127)) == 0)
    }

    @Test(arguments: [(99, 200), (100, 200), (101, 413)])
    func contentLengthLimit(length: Int, expected: Int) {
        let wire = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(length)\r\n\r\n" + String(repeating: "b", count: length)
        #expect(Self.status(wire) == expected)
    }

    @Test func rejectsOversizedContentLengthBeforeTheBodyArrives() {
        #expect(Self.status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n") == 413)
    }

    @Test(arguments: [(99, 200), (100, 200), (101, 413)])
    func chunkedBodyLimit(length: Int, expected: Int) {
        let first = 60
        let wire = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "\(String(first, radix: 16))\r\n\(String(repeating: "c", count: first))\r\n"
            + "\(String(length - first, radix: 16))\r\n\(String(repeating: "d", count: length - first))\r\n0\r\n\r\n"
        #expect(Self.status(wire) == expected)
    }

    @Test func rejectsChunkFramingBeyondTheHeadBudget() {
        // 300 one-byte chunks: 1,500 bytes of framing for 300 body bytes; over 256 bytes of framing.
        let limits = HTTPRequestParser.Limits(maxHeaderBytes: 256, maxBodyBytes: 10_000, maxHeaderCount: 5)
        let wire = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + String(repeating: "1\r\nx\r\n", count: 300) + "0\r\n\r\n"
        #expect(Self.status(wire, limits: limits) == 413)
    }

    @Test(arguments: [(4, 200), (5, 200), (6, 431)])
    func headerCountLimit(count: Int, expected: Int) {
        // Host counts as one field.
        let extra = (1..<count).map { "X-\($0): v\r\n" }.joined()
        #expect(Self.status("GET / HTTP/1.1\r\nHost: a\r\n\(extra)\r\n") == expected)
    }

    @Test func defaultsMatchTheServiceLimits() {
        let defaults = HTTPRequestParser.Limits()
        #expect(defaults.maxHeaderBytes == 16_384)
        #expect(defaults.maxBodyBytes == 65_536)
        #expect(defaults.maxHeaderCount == 100)
    }
}

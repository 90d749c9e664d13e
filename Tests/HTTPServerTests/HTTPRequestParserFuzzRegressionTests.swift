import HTTPServer
import Testing

/// Inputs that the libFuzzer target (Tests/Fuzz, scripts/fuzz) found, kept as regression tests.
@Suite("HTTPRequestParser: inputs found by the fuzzer")
struct HTTPRequestParserFuzzRegressionTests {
    static func head(_ wire: String) -> HTTPRequestHead? {
        var parser = HTTPRequestParser()
        switch parser.parse(Array(wire.utf8)) {
        case .complete(let head, _, _): return head
        case .needMore: return parser.pendingHead
        case .invalid: return nil
        }
    }

    // Found by the fuzzer: the parser let the last Expect line decide, HTTPRequestHead.init the first.
    @Test(arguments: [
        "POST /jobs/x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nConte&: h\r\nExpect:th: 2\r\n\r\n{}",
        "POST /x HTTP/1.1\r\nHost: h\r\nExpect: foo\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}",
        "POST /x HTTP/1.1\r\nHost: h\r\nExpect: foo, 100-Continue\r\nContent-Length: 2\r\n\r\n",
    ])
    func expectContinueIsSeenInAnyExpectFieldLine(wire: String) throws {
        let head = try #require(Self.head(wire))
        #expect(head.expectsContinue)
        let derived = HTTPRequestHead(method: head.method, target: head.target, version: head.version, headers: head.headers)
        #expect(derived.expectsContinue == head.expectsContinue)
    }

    @Test func expectWithoutContinueIsNotAContinueRequest() throws {
        let head = try #require(Self.head("POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continuex\r\nContent-Length: 2\r\n\r\n{}"))
        #expect(!head.expectsContinue)
        #expect(!HTTPRequestHead(method: "POST", target: "/x", headers: head.headers).expectsContinue)
    }
}

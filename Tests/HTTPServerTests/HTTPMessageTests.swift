import HTTPServer
import Testing

@Suite("HTTPRequest, HTTPResponse and HTTPHeaders")
struct HTTPMessageTests {
    struct Payload: Encodable {
        let runID: String
        let path: String
    }

    @Test func splitsTargetIntoRawPathAndQuery() {
        let request = HTTPRequest(method: "GET", target: "/jobs/a%20b?wait=5&x=%2F&flag&sp=a+b")
        #expect(request.path == "/jobs/a%20b")
        #expect(request.query == "wait=5&x=%2F&flag&sp=a+b")
        #expect(request.queryValue("wait") == "5")
        #expect(request.queryValue("x") == "/")
        #expect(request.queryValue("flag") == "")
        #expect(request.queryValue("sp") == "a b")
        #expect(request.queryValue("missing") == nil)
        #expect(request.queryItems.map(\.name) == ["wait", "x", "flag", "sp"])
        #expect(HTTPRequest(method: "GET", target: "/plain").query == "")
    }

    @Test func skipsUndecodableQueryItems() {
        let request = HTTPRequest(method: "GET", target: "/?a=%zz&b=2")
        #expect(request.queryItems.map(\.name) == ["b"])
    }

    @Test func quotesJSONStringsForLogLines() {
        #expect(JSONText.quoted("plain") == #""plain""#)
        #expect(JSONText.quoted("a\"b\\c\n\r\t\u{1}\u{1F}é") == #""a\"b\\c\n\r\t\u0001\u001fé""#)
    }

    @Test func buildsErrorBodyWithEscaping() {
        let response = HTTPResponse.error(status: 400, code: "bad_parameter", message: "key \"dry_run\"\nmust be a bool")
        #expect(response.status == 400)
        #expect(response.headers["content-type"] == "application/json")
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"error":"bad_parameter","message":"key \"dry_run\"\nmust be a bool"}"#)
    }

    @Test func encodesJSONWithSortedKeys() {
        let response = HTTPResponse.json(status: 202, body: Payload(runID: "r1", path: "/runs/r1"), headers: ["Location": "/runs/r1"])
        #expect(response.status == 202)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"path":"/runs/r1","runID":"r1"}"#)
        #expect(response.headers["Location"] == "/runs/r1")
        #expect(response.headers["Content-Type"] == "application/json")
    }

    @Test func sendsPreEncodedJSONAndText() {
        #expect(HTTPResponse.json(bytes: Array("[]".utf8)).body == Array("[]".utf8))
        let text = HTTPResponse.text("ok")
        #expect(text.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(text.body == Array("ok".utf8))
    }

    @Test func namesReasonPhrases() {
        #expect(HTTPStatus.reasonPhrase(for: 431) == "Request Header Fields Too Large")
        #expect(HTTPStatus.reasonPhrase(for: 503) == "Service Unavailable")
        #expect(HTTPStatus.reasonPhrase(for: 202) == "Accepted")
        #expect(HTTPStatus.reasonPhrase(for: 299) == "Unknown")
    }

    @Test func headersCompareNamesCaseInsensitively() {
        var headers: HTTPHeaders = ["Content-Type": "a", "X-List": "one, Two"]
        headers.add("x-list", "three")
        #expect(headers["content-type"] == "a")
        #expect(headers.values(for: "X-LIST") == ["one, Two", "three"])
        #expect(headers.containsToken("two", in: "x-list"))
        #expect(!headers.containsToken("tw", in: "x-list"))
        headers["X-List"] = "only"
        #expect(headers.values(for: "x-list") == ["only"])
        headers.remove("CONTENT-TYPE")
        #expect(!headers.contains("Content-Type"))
        #expect(headers.count == 1)
        #expect(HTTPHeaders([("A", "1")]) == ["a": "1"])
    }
}

import HTTPServer
import Logging
import Synchronization
import Testing

@Suite("HTTPServer over loopback: routing, bodies, errors, logging")
struct ServerProtocolTests {
    static func routes(_ router: inout Router) {
        router.add("GET", "/healthz") { _ in .text("ok") }
        router.add("POST", "/echo") { request in HTTPResponse(status: 200, body: request.body) }
        router.add("GET", "/jobs/{name}") { request in .text("job \(request.parameters["name"]!)") }
        router.add("GET", "/unsafe") { _ in
            HTTPResponse(status: 200, headers: ["X-Ok": "1", "X-Bad": "a\r\nInjected: yes", "Content-Length": "99"], body: Array("x".utf8))
        }
    }

    @Test func answersUnknownPathWith404JSON() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 404)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.text == #"{"error":"not_found","message":"no such resource"}"#)
        }
    }

    @Test func answersWrongMethodWith405AndAllow() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("DELETE /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD")
            try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test func answersHeadWithoutBody() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("HEAD /jobs/abc HTTP/1.1\r\nHost: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(bodyless: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "7")
            // If the HEAD answer carried a body, this would read "job abc" as a status line.
            #expect(try client.readResponse().text == "ok")
        }
    }

    @Test func decodesChunkedRequestBody() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("4;x=y\r\nwiki\r\n5\r\npedia\r\n")
            try client.send("0\r\nX-Checksum: 1\r\n\r\n")
            #expect(try client.readResponse().text == "wikipedia")
        }
    }

    @Test func sendsContinueBeforeReadingTheBody() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("hello")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello")
        }
    }

    @Test func refusesOversizedBodyWithoutContinue() throws {
        let configuration = TestServer.configuration { $0.maxBodyBytes = 1024 }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1025\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
        }
    }

    @Test func rejectsOversizedBodyWith413AndCloses() throws {
        let configuration = TestServer.configuration { $0.maxBodyBytes = 1024 }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let accepted = try TestClient(port: port)
            try accepted.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + String(repeating: "a", count: 1024))
            #expect(try accepted.readResponse().body.count == 1024)

            let client = try TestClient(port: port)
            // The whole body is sent: the server must still get its 413 to us before closing.
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 200000\r\n\r\n" + String(repeating: "a", count: 200_000))
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.text.contains(#""error":"payload_too_large""#))
            #expect(response.header("Connection") == "close")
            #expect(client.waitForClose())
        }
    }

    @Test func rejectsOversizedHeadersWith431() throws {
        let configuration = TestServer.configuration { $0.maxHeaderBytes = 1024 }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 2000))\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 431)
            #expect(response.text.contains(#""error":"header_fields_too_large""#))
            #expect(client.waitForClose())
        }
    }

    @Test func rejectsSmugglingAttemptWith400AndCloses() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.header("Connection") == "close")
            #expect(response.text.contains("both Content-Length and Transfer-Encoding"))
            #expect(client.waitForClose())
        }
    }

    @Test func dropsServerOwnedAndUnsafeResponseHeaders() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /unsafe HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("X-Ok") == "1")
            #expect(response.header("X-Bad") == nil)
            #expect(response.header("Injected") == nil)
            #expect(response.header("Content-Length") == "1")
        }
    }

    @Test func logsOneAccessLineWithoutQueryAndReportsTheRoute() throws {
        let store = CapturingLogHandler.Store()
        let logger = Logger(label: "access") { _ in CapturingLogHandler(store: store) }
        let records = Mutex<[HTTPAccessRecord]>([])
        let configuration = TestServer.configuration { configuration in
            configuration.onResponse = { record in records.withLock { $0.append(record) } }
        }
        try TestServer.with(configuration, logger: logger, routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /jobs/abc?sig=SECRET&expires=1 HTTP/1.1\r\nHost: t\r\nX-Request-Id: log-1\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            try client.send("GET /missing HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 404)
        }
        let lines = store.entries.withLock { $0 }.filter { $0.message == "request" }
        #expect(lines.count == 2)
        let first = try #require(lines.first)
        #expect(first.level == .info)
        #expect(first.metadata["request.id"] == "log-1")
        #expect(first.metadata["http.method"] == "GET")
        #expect(first.metadata["http.path"] == "/jobs/abc")
        #expect(first.metadata["http.status"]?.description == "200")
        #expect(first.metadata["http.bytes"]?.description == "7")
        #expect(first.metadata["http.duration_ms"] != nil)
        #expect(first.metadata["net.peer"]?.description.hasPrefix("127.0.0.1:") == true)
        #expect(!lines.contains { "\($0.metadata)".contains("SECRET") })
        let reported = records.withLock { $0 }
        #expect(reported.map(\.route) == ["/jobs/{name}", "unmatched"])
        #expect(reported.map(\.status) == [200, 404])
        #expect(reported.allSatisfy { $0.durationSeconds >= 0 && $0.durationSeconds < 1 })
    }
}

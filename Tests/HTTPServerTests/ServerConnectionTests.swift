import Foundation
import Dispatch
import Glibc
import HTTPServer
import Synchronization
import Testing

@Suite("HTTPServer over loopback: keep-alive, pipelining, connection lifetime")
struct ServerConnectionTests {
    static func routes(_ router: inout Router) {
        router.add("GET", "/healthz") { _ in .text("ok") }
        router.add("GET", "/fast") { request in .text("fast \(request.requestID)") }
        router.add("GET", "/slow", mode: .blocking) { request in
            usleep(200_000)
            return .text("slow \(request.requestID)")
        }
    }

    @Test func keepsAliveFor200RequestsOnOneConnection() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            for _ in 0..<200 {
                try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "ok")
            }
        }
    }

    @Test func sendsStandardHeadersOnEveryResponse() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Server") == "checktick-jobs")
            #expect(response.header("Content-Length") == "2")
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            #expect(response.header("Date")?.count == 29)
            let id = try #require(response.header("X-Request-Id"))
            #expect(id.count == 13 && id.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
            #expect(response.header("Connection") == nil)
        }
    }

    @Test func echoesValidRequestIDAndReplacesInvalidOne() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /fast HTTP/1.1\r\nHost: t\r\nX-Request-Id: abc-123_x.y\r\n\r\n")
            let valid = try client.readResponse()
            #expect(valid.header("X-Request-Id") == "abc-123_x.y")
            #expect(valid.text == "fast abc-123_x.y")
            try client.send("GET /fast HTTP/1.1\r\nHost: t\r\nX-Request-Id: bad id!\r\n\r\n")
            let replaced = try client.readResponse()
            #expect(replaced.header("X-Request-Id")?.count == 13)
            let tooLong = String(repeating: "a", count: 129)
            try client.send("GET /fast HTTP/1.1\r\nHost: t\r\nX-Request-Id: \(tooLong)\r\n\r\n")
            #expect(try client.readResponse().header("X-Request-Id")?.count == 13)
        }
    }

    @Test func answersPipelinedRequestsInOrderBehindABlockingHandler() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send(
                "GET /slow HTTP/1.1\r\nHost: t\r\nX-Request-Id: r1\r\n\r\n"
                    + "GET /fast HTTP/1.1\r\nHost: t\r\nX-Request-Id: r2\r\n\r\n"
                    + "GET /fast HTTP/1.1\r\nHost: t\r\nX-Request-Id: r3\r\n\r\n")
            let bodies = try (0..<3).map { _ in try client.readResponse().text }
            #expect(bodies == ["slow r1", "fast r2", "fast r3"])
        }
    }

    @Test func holdsBackPipelinedRequestsBeyondThePipelineLimit() throws {
        let configuration = TestServer.configuration { $0.maxPipelinedRequests = 2 }
        try TestServer.with(configuration, routes: { router in
            router.add("GET", "/b", mode: .blocking) { request in
                usleep(5_000)
                return .text(request.requestID)
            }
        }) { port, _ in
            let client = try TestClient(port: port)
            let ids = (1...10).map { "q\($0)" }
            try client.send(ids.map { "GET /b HTTP/1.1\r\nHost: t\r\nX-Request-Id: \($0)\r\n\r\n" }.joined())
            let bodies = try ids.map { _ in try client.readResponse().text }
            #expect(bodies == ids)
        }
    }

    @Test func closesAfterConnectionCloseRequest() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Connection") == "close")
            #expect(client.waitForClose())
        }
    }

    @Test func keepsHTTP10AliveOnlyWhenAsked() throws {
        try TestServer.with(routes: Self.routes) { port, _ in
            let keep = try TestClient(port: port)
            try keep.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keep.readResponse().header("Connection") == "keep-alive")
            try keep.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keep.readResponse().status == 200)

            let plain = try TestClient(port: port)
            try plain.send("GET /healthz HTTP/1.0\r\n\r\n")
            #expect(try plain.readResponse().header("Connection") == "close")
            #expect(plain.waitForClose())
        }
    }

    @Test func closesAfterMaxRequestsPerConnection() throws {
        let configuration = TestServer.configuration { $0.maxRequestsPerConnection = 3 }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            for index in 1...3 {
                try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.header("Connection") == (index == 3 ? "close" : nil))
            }
            #expect(client.waitForClose())
        }
    }

    @Test func closesIdleKeepAliveConnectionsSilently() throws {
        let configuration = TestServer.configuration { $0.idleTimeout = .milliseconds(200) }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let client = try TestClient(port: port, timeout: 3)
            try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let started = DispatchTime.now().uptimeNanoseconds
            #expect(client.drain() == 0)
            let waited = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            #expect(waited > 0.1 && waited < 2)
        }
    }

    @Test func servesEveryEventLoop() throws {
        let configuration = TestServer.configuration { $0.eventLoopCount = 2 }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let clients = try (0..<16).map { _ in try TestClient(port: port) }
            for client in clients {
                try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            }
            for client in clients {
                #expect(try client.readResponse().text == "ok")
            }
        }
    }

    @Test func connectionsAreDealtEvenlyToTheLoops() throws {
        // An inline handler runs on the connection's loop thread: its name says which loop serves it.
        let configuration = TestServer.configuration { $0.eventLoopCount = 3 }
        try TestServer.with(configuration, routes: { router in
            router.add("GET", "/loop") { _ in
                let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
                return .text(name.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }) { port, _ in
            let clients = try (0..<30).map { _ in try TestClient(port: port) }
            var served: [String: Int] = [:]
            for client in clients {
                try client.send("GET /loop HTTP/1.1\r\nHost: t\r\n\r\n")
                served[try client.readResponse().text, default: 0] += 1
            }
            // Each accepting loop deals its connections out in turn: every loop ends up within one
            // connection per loop of an even share, however the kernel spread the accepts.
            #expect(served.count == 3, "\(served)")
            #expect(served.values.allSatisfy { (8...12).contains($0) }, "\(served)")
            // A second request on each connection stays on the same loop.
            for client in clients {
                try client.send("GET /loop HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(served[try client.readResponse().text] != nil)
            }
        }
    }

    @Test func eachLoopServesARouterOfItsOwn() throws {
        // The factory runs once per loop; a route answers with the number of the router that served it,
        // and every connection keeps to one router (its loop's).
        let built = Mutex(0)
        var configuration = TestServer.configuration { $0.eventLoopCount = 3 }
        configuration.host = "127.0.0.1"
        let server = HTTPServer(configuration: configuration, logger: TestServer.quietLogger) {
            let number = built.withLock { count in
                count += 1
                return count
            }
            var router = Router()
            router.add("GET", "/router") { _ in .text("\(number)") }
            return router
        }
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(2)) }
        #expect(built.withLock { $0 } == 3)
        let clients = try (0..<9).map { _ in try TestClient(port: port) }
        var routers: Set<String> = []
        for client in clients {
            try client.send("GET /router HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try client.readResponse().text
            routers.insert(first)
            try client.send("GET /router HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == first)
        }
        #expect(routers == ["1", "2", "3"])
    }
}

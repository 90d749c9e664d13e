import Dispatch
import Glibc
import HTTPServer
import Testing

@Suite("HTTPServer over loopback: timeouts and capacity limits")
struct ServerLimitTests {
    static func routes(_ router: inout Router) {
        router.add("GET", "/healthz") { _ in .text("ok") }
        router.add("POST", "/echo") { request in HTTPResponse(status: 200, body: request.body) }
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test func answersSlowlorisWith408WhileOthersAreServed() throws {
        let configuration = TestServer.configuration { $0.headerReadTimeout = .milliseconds(600) }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let started = DispatchTime.now().uptimeNanoseconds
            let slow = try TestClient(port: port)
            try slow.send("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Drip: 1\r\n")
            // Another client is served at once, long before the slow one times out.
            let normal = try TestClient(port: port)
            for _ in 0..<20 {
                try normal.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try normal.readResponse().status == 200)
            }
            #expect(Self.seconds(since: started) < 0.6)
            let response = try slow.readResponse()
            let waited = Self.seconds(since: started)
            #expect(response.status == 408)
            #expect(response.text.contains(#""error":"request_timeout""#))
            #expect(response.header("Connection") == "close")
            #expect(waited >= 0.6 && waited < 3)
            #expect(slow.waitForClose())
        }
    }

    @Test func closesConnectionThatNeverSendsAByte() throws {
        let configuration = TestServer.configuration { $0.headerReadTimeout = .milliseconds(200) }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let silent = try TestClient(port: port, timeout: 3)
            #expect(silent.drain() == 0)
        }
    }

    @Test func answersStalledBodyWith408() throws {
        let configuration = TestServer.configuration { $0.bodyReadTimeout = .milliseconds(300) }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(client.waitForClose())
        }
    }

    @Test func refusesConnectionsBeyondTheCapWith503() throws {
        let configuration = TestServer.configuration { $0.maxConnections = 2 }
        try TestServer.with(configuration, routes: Self.routes) { port, _ in
            let first = try TestClient(port: port)
            let second = try TestClient(port: port)
            for client in [first, second] {
                try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            let third = try TestClient(port: port)
            try third.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            let refused = try third.readResponse()
            #expect(refused.status == 503)
            #expect(refused.text.contains(#""error":"too_many_connections""#))
            #expect(refused.header("Retry-After") == "1")
            #expect(third.waitForClose())
            // The two admitted connections are still served.
            try second.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try second.readResponse().status == 200)
        }
    }

    @Test func answers503WhenTheHandlerQueueIsFull() throws {
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let configuration = TestServer.configuration {
            $0.handlerThreads = 1
            $0.handlerQueueCapacity = 1
        }
        try TestServer.with(configuration, routes: { router in
            router.add("GET", "/block", mode: .blocking) { request in
                started.signal()
                release.wait()
                return .text("done \(request.requestID)")
            }
        }) { port, _ in
            let running = try TestClient(port: port)
            try running.send("GET /block HTTP/1.1\r\nHost: t\r\nX-Request-Id: r1\r\n\r\n")
            started.wait()
            // One loop reads these two pipelined requests in order: r2 takes the one queue
            // place, r3 finds the queue full. r3's 503 waits behind r2's answer (order is kept).
            let pipelined = try TestClient(port: port)
            try pipelined.send(
                "GET /block HTTP/1.1\r\nHost: t\r\nX-Request-Id: r2\r\n\r\n"
                    + "GET /block HTTP/1.1\r\nHost: t\r\nX-Request-Id: r3\r\n\r\n")
            // A third connection is turned away at once: no thread, no queue place.
            let rejected = try TestClient(port: port)
            try rejected.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
            let busy = try rejected.readResponse()
            #expect(busy.status == 503)
            #expect(busy.header("Retry-After") == "1")
            #expect(busy.text.contains(#""error":"server_busy""#))
            release.signal()
            #expect(try running.readResponse().text == "done r1")
            started.wait()
            release.signal()
            #expect(try pipelined.readResponse().text == "done r2")
            let queueFull = try pipelined.readResponse()
            #expect(queueFull.status == 503)
            #expect(queueFull.header("X-Request-Id") == "r3")
        }
    }

    @Test func dropsClientThatStopsReading() throws {
        let size = 32 << 20
        let configuration = TestServer.configuration { $0.writeTimeout = .milliseconds(300) }
        try TestServer.with(configuration, routes: { router in
            router.add("GET", "/big") { _ in HTTPResponse(status: 200, body: [UInt8](repeating: 0x61, count: size)) }
        }) { port, _ in
            let client = try TestClient(port: port, timeout: 3)
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            usleep(1_200_000)
            // Far less than the 32 MiB body arrives: the server gave up on the stalled write.
            #expect(client.drain() < size)
        }
    }

    @Test func configurationDefaultsMatchTheDesign() {
        let configuration = HTTPServerConfiguration()
        #expect(configuration.maxHeaderBytes == 16_384)
        #expect(configuration.maxBodyBytes == 65_536)
        #expect(configuration.maxHeaderCount == 100)
        #expect(configuration.headerReadTimeout == .seconds(10))
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.maxConnections == 10_000)
        #expect(configuration.maxRequestsPerConnection == 0)
        #expect(configuration.handlerThreads == 16)
        #expect(configuration.handlerQueueCapacity == 1024)
        #expect(configuration.eventLoopCount >= 1)
    }
}

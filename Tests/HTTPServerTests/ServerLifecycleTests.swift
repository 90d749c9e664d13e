import Dispatch
import Glibc
import HTTPServer
import Synchronization
import Testing

@Suite("HTTPServer lifecycle: start, port 0, graceful shutdown")
struct ServerLifecycleTests {
    @Test func finishesInFlightBlockingRequestDuringShutdown() throws {
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        var router = Router()
        router.add("GET", "/slow", mode: .blocking) { _ in
            started.signal()
            release.wait()
            return .text("finished")
        }
        router.add("GET", "/healthz") { _ in .text("ok") }
        let server = HTTPServer(configuration: TestServer.configuration(), router: router, logger: TestServer.quietLogger)
        let port = try server.start()

        let idle = try TestClient(port: port)
        try idle.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        let busy = try TestClient(port: port)
        try busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()

        let stopped = DispatchSemaphore(value: 0)
        let stopTime = Mutex<UInt64>(0)
        DispatchQueue.global().async {
            server.shutdown(gracePeriod: .seconds(5))
            stopTime.withLock { $0 = DispatchTime.now().uptimeNanoseconds }
            stopped.signal()
        }
        // The loop closes its listener when it starts draining: wait for that, then let the handler finish.
        var refused = false
        for _ in 0..<200 where !refused {
            refused = (try? TestClient(port: port)) == nil
            if !refused { usleep(10_000) }
        }
        #expect(refused)
        #expect(idle.waitForClose())
        usleep(100_000)
        #expect(stopTime.withLock { $0 } == 0)
        release.signal()
        let response = try busy.readResponse()
        let answered = DispatchTime.now().uptimeNanoseconds
        #expect(response.status == 200)
        #expect(response.text == "finished")
        #expect(response.header("Connection") == "close")
        #expect(busy.waitForClose())
        stopped.wait()
        #expect(stopTime.withLock { $0 } >= answered)
        server.waitUntilStopped()
    }

    @Test func closesWhatIsLeftWhenTheGracePeriodEnds() throws {
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        var router = Router()
        router.add("GET", "/stuck", mode: .blocking) { _ in
            started.signal()
            release.wait()
            return .text("late")
        }
        let server = HTTPServer(configuration: TestServer.configuration(), router: router, logger: TestServer.quietLogger)
        let port = try server.start()
        let client = try TestClient(port: port)
        try client.send("GET /stuck HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        let before = DispatchTime.now().uptimeNanoseconds
        server.shutdown(gracePeriod: .milliseconds(300))
        let took = Double(DispatchTime.now().uptimeNanoseconds - before) / 1e9
        #expect(took >= 0.25 && took < 2)
        #expect(client.waitForClose())
        release.signal()
    }

    @Test func bindsPortZeroAndReportsTheRealPort() throws {
        let server = HTTPServer(configuration: TestServer.configuration(), router: Router(), logger: TestServer.quietLogger)
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        #expect(port > 0 && port < 65_536)
        #expect(throws: HTTPServerError.self) { try server.start() }
    }

    @Test func reportsAddressInUse() throws {
        let first = HTTPServer(configuration: TestServer.configuration(), router: Router(), logger: TestServer.quietLogger)
        let port = try first.start()
        defer { first.shutdown(gracePeriod: .seconds(1)) }
        let second = HTTPServer(
            configuration: TestServer.configuration { $0.port = port }, router: Router(), logger: TestServer.quietLogger)
        do {
            try second.start()
            Issue.record("second server bound a port already in use")
            second.shutdown(gracePeriod: .seconds(1))
        } catch {
            #expect(error.kind == .addressInUse)
            #expect(error.description == "listen address already in use")
            #expect(error.debugDescription.contains("bind"))
        }
    }

    @Test func rejectsInvalidListenAddress() {
        let server = HTTPServer(
            configuration: TestServer.configuration { $0.host = "not-an-ip" }, router: Router(), logger: TestServer.quietLogger)
        #expect(throws: HTTPServerError.self) { try server.start() }
        server.shutdown(gracePeriod: .seconds(1))
        server.waitUntilStopped()
    }

    @Test func servesIPv6Loopback() throws {
        var router = Router()
        router.add("GET", "/healthz") { request in .text(request.remoteAddress) }
        let server = HTTPServer(
            configuration: TestServer.configuration { $0.host = "::1" }, router: router, logger: TestServer.quietLogger)
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        #expect(port > 0)
    }
}

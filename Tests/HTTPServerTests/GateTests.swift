import Foundation
import HTTPServer
import Synchronization
import Testing

@Suite("Route gates: cheap checks on the event loop before a blocking handler")
struct GateTests {
    private final class Counter: Sendable {
        let value = Mutex(0)
        func bump() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    private static func gatedRouter(_ handled: Counter) -> Router {
        var router = Router()
        router.add("POST", "/things/{name}", mode: .blocking, gate: { request in
            guard request.headers["x-key"] == "open" else {
                return .respond(.error(status: 401, code: "denied", message: "no key"))
            }
            var passed = request
            passed.attributes["who"] = "key-holder:" + (request.parameters["name"] ?? "")
            return .proceed(passed)
        }) { request in
            handled.bump()
            return .text(request.attributes["who"] ?? "nobody")
        }
        return router
    }

    @Test func aRefusingGateAnswersWithoutRunningTheHandler() throws {
        let handled = Counter()
        try TestServer.with(routes: { $0 = Self.gatedRouter(handled) }) { port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /things/a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            let refused = try client.readResponse()
            #expect(refused.status == 401)
            #expect(handled.count == 0)
            try client.send("POST /things/a HTTP/1.1\r\nHost: x\r\nX-Key: open\r\nContent-Length: 0\r\n\r\n")
            let allowed = try client.readResponse()
            #expect(allowed.status == 200)
            #expect(allowed.text == "key-holder:a")
            #expect(handled.count == 1)
        }
    }

    @Test func theInProcessTwinAppliesTheGateToo() {
        let handled = Counter()
        let router = Self.gatedRouter(handled)
        #expect(router.respond(HTTPRequest(method: "POST", target: "/things/b")).status == 401)
        let response = router.respond(HTTPRequest(method: "POST", target: "/things/b", headers: ["X-Key": "open"]))
        #expect(String(decoding: response.body, as: UTF8.self) == "key-holder:b")
        #expect(handled.count == 1)
    }

    /// A gate that answers `/later/{name}` from another thread after a pause, and `/now` inline.
    private static func deferringRouter() -> Router {
        var router = Router()
        router.add("POST", "/later/{name}", mode: .blocking, gate: { request in
            let name = request.parameters["name"] ?? ""
            return .deferred { responder in
                let thread = Thread {
                    Thread.sleep(forTimeInterval: 0.15)
                    responder.respond(.text("later:" + name))
                }
                thread.start()
            }
        }) { _ in .text("the handler must not run") }
        router.add("GET", "/now") { _ in .text("now") }
        return router
    }

    @Test func aDeferredAnswerKeepsItsPlaceAmongPipelinedRequests() throws {
        try TestServer.with(routes: { $0 = Self.deferringRouter() }) { port, _ in
            let client = try TestClient(port: port)
            try client.send(
                "POST /later/a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    + "GET /now HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /later/b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            #expect(try client.readResponse().text == "later:a")
            #expect(try client.readResponse().text == "now")
            #expect(try client.readResponse().text == "later:b")
        }
    }

    @Test func theInProcessTwinWaitsForADeferredAnswer() {
        let response = Self.deferringRouter().respond(HTTPRequest(method: "POST", target: "/later/c"))
        #expect(String(decoding: response.body, as: UTF8.self) == "later:c")
    }
}

import HTTPServer
import Synchronization
import Testing

@Suite("Router: matching, parameters, 404, 405, HEAD, middleware")
struct RouterTests {
    static func router() -> Router {
        var router = Router()
        router.add("GET", "/healthz") { _ in .text("ok") }
        router.add("GET", "/jobs") { _ in .text("list") }
        router.add("GET", "/jobs/{name}") { request in .text("job \(request.parameters["name"] ?? "?")") }
        router.add("POST", "/jobs/{name}", mode: .blocking) { request in .text("trigger \(request.parameters["name"] ?? "?")") }
        router.add("GET", "/jobs/stats") { _ in .text("stats") }
        router.add("POST", "/runs/{id}/cancel") { request in .text("cancel \(request.parameters["id"] ?? "?")") }
        return router
    }

    func respond(_ method: String, _ target: String, router: Router = router()) -> (Int, String, HTTPHeaders) {
        let response = router.respond(HTTPRequest(method: method, target: target))
        return (response.status, String(decoding: response.body, as: UTF8.self), response.headers)
    }

    @Test func matchesLiteralAndParameterisedRoutes() {
        #expect(respond("GET", "/healthz").1 == "ok")
        #expect(respond("GET", "/jobs").1 == "list")
        #expect(respond("GET", "/jobs/cleanup_survey_progress").1 == "job cleanup_survey_progress")
        #expect(respond("POST", "/runs/42/cancel").1 == "cancel 42")
    }

    @Test func prefersExactLiteralOverParameter() {
        #expect(respond("GET", "/jobs/stats").1 == "stats")
    }

    @Test func percentDecodesParametersButNotTheRawPath() {
        #expect(respond("GET", "/jobs/a%20b").1 == "job a b")
        #expect(respond("GET", "/jobs/a%2Fb").1 == "job a/b")
        #expect(respond("GET", "/jobs/%zz").0 == 404)
    }

    @Test func ignoresQueryWhenMatching() {
        #expect(respond("GET", "/jobs/x?limit=5").1 == "job x")
    }

    @Test func answersUnknownPathWith404JSON() {
        let (status, body, headers) = respond("GET", "/nope")
        #expect(status == 404)
        #expect(body == #"{"error":"not_found","message":"no such resource"}"#)
        #expect(headers["Content-Type"] == "application/json")
        #expect(respond("GET", "/jobs/").0 == 404)
        #expect(respond("GET", "/jobs/x/y").0 == 404)
        #expect(respond("GET", "/healthz/").0 == 404)
    }

    @Test func answersWrongMethodWith405AndAllow() {
        let (status, body, headers) = respond("DELETE", "/jobs/x")
        #expect(status == 405)
        #expect(headers["Allow"] == "GET, HEAD, POST")
        #expect(body.contains(#""error":"method_not_allowed""#))
        #expect(respond("POST", "/healthz").2["Allow"] == "GET, HEAD")
    }

    @Test func servesHeadWithTheGetHandlerWithoutBody() {
        let response = Self.router().respond(HTTPRequest(method: "HEAD", target: "/healthz"))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }

    @Test func reportsModeAndPatternForMetrics() {
        guard case .matched(let match) = Self.router().resolve(method: "POST", path: "/jobs/x") else {
            Issue.record("no match")
            return
        }
        #expect(match.mode == .blocking)
        #expect(match.pattern == "/jobs/{name}")
        #expect(match.parameters == ["name": "x"])
        guard case .unmatched(_, let pattern) = Self.router().resolve(method: "PUT", path: "/jobs/x") else {
            Issue.record("matched")
            return
        }
        #expect(pattern == "/jobs/{name}")
    }

    @Test func wrapsEveryRouteInMiddlewareOutermostFirst() {
        let order = Mutex<[String]>([])
        var router = Self.router()
        router.use { request, next in
            order.withLock { $0.append("outer") }
            var response = next(request)
            response.headers["X-Outer"] = "1"
            return response
        }
        router.add("GET", "/late") { _ in
            order.withLock { $0.append("handler") }
            return .text("late")
        }
        router.use { request, next in
            order.withLock { $0.append("inner") }
            if request.headers["Authorization"] == nil {
                return .error(status: 401, code: "missing_token", message: "no token")
            }
            return next(request)
        }
        let denied = router.respond(HTTPRequest(method: "GET", target: "/late"))
        #expect(denied.status == 401)
        #expect(denied.headers["X-Outer"] == "1")
        let allowed = router.respond(HTTPRequest(method: "GET", target: "/late", headers: ["Authorization": "Bearer t"]))
        #expect(allowed.status == 200)
        #expect(order.withLock { $0 } == ["outer", "inner", "outer", "inner", "handler"])
    }

    @Test func listsRoutes() {
        #expect(Self.router().routes.count == 6)
        #expect(Self.router().routes.first { $0.method == "POST" && $0.pattern == "/jobs/{name}" }?.mode == .blocking)
    }
}

@Suite("RouteParameters: a route's captured values without a dictionary")
struct RouteParametersTests {
    @Test func readsWritesAndComparesInAnyOrder() {
        var parameters: RouteParameters = ["name": "cleanup", "id": "42"]
        #expect(parameters["name"] == "cleanup")
        #expect(parameters["id"] == "42")
        #expect(parameters["other"] == nil)
        #expect(parameters == ["id": "42", "name": "cleanup"])
        #expect(parameters != ["id": "42"])
        parameters["third"] = "3"
        parameters["name"] = "renamed"
        #expect(parameters.count == 3)
        #expect(parameters["name"] == "renamed")
        #expect(parameters["third"] == "3")
        parameters["id"] = nil
        #expect(parameters == ["name": "renamed", "third": "3"])
        #expect(RouteParameters().isEmpty)
    }

    @Test func capturesEachSegmentOfALongerPattern() {
        var router = Router()
        router.add("GET", "/a/{first}/b/{second}/c/{third}") { request in
            .text(["first", "second", "third"].map { request.parameters[$0] ?? "?" }.joined(separator: ","))
        }
        router.add("GET", "/a/{first}") { request in .text("short \(request.parameters["first"] ?? "?")") }
        #expect(router.respond(HTTPRequest(method: "GET", target: "/a/1/b/t%C3%A9/c/3")).body == Array("1,té,3".utf8))
        #expect(router.respond(HTTPRequest(method: "GET", target: "/a/x%2Fy")).body == Array("short x/y".utf8))
        #expect(router.respond(HTTPRequest(method: "GET", target: "/a/1/b//c/3")).status == 404)
        #expect(router.respond(HTTPRequest(method: "GET", target: "/a/%FF")).status == 404)
        #expect(router.respond(HTTPRequest(method: "GET", target: "/a/1/")).status == 404)
    }
}

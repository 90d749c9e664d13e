import Threads

/// Maps method and path to a handler. Build it before the server starts; it is then immutable.
///
/// Patterns are literal segments and whole-segment `{name}` parameters (`/jobs/{name}`,
/// `/runs/{id}/cancel`). An exact literal route wins over a parameterised one; among
/// parameterised routes the first registered wins. An unknown path is a 404; a known path
/// with another method is a 405 with `Allow`. HEAD is served by the GET handler when the
/// route has no HEAD handler of its own (the server then drops the body).
public struct Router: Sendable {
    private struct MethodRoute: Sendable {
        let method: String
        let mode: HandlerMode
        let gate: HTTPGate?
        let handler: HTTPHandler
        /// What a match hands the server: one object, so routing a request retains one reference.
        var target: RouteTarget
    }

    private struct Entry: Sendable {
        let pattern: RoutePattern
        var methods: [MethodRoute]
    }

    private var entries: [Entry] = []
    // Exact paths and their entries. A service has a handful, so a scan (lengths differ at once) beats
    // hashing every request's path.
    private var literalPaths: [(path: String, entry: Int)] = []
    private var parameterised: [Int] = []
    private var middlewares: [HTTPMiddleware] = []

    /// An empty router.
    public init() {}

    /// Registers `handler` for `method` (e.g. `GET`) on `pattern`; registering a pair twice is a bug.
    /// An optional `gate` runs first, on the event loop, and may answer without the handler.
    public mutating func add(
        _ method: String, _ pattern: String, mode: HandlerMode = .inline, gate: HTTPGate? = nil,
        handler: @escaping HTTPHandler
    ) {
        let parsed = RoutePattern(pattern)
        let index: Int
        if let existing = entries.firstIndex(where: { $0.pattern.text == pattern }) {
            index = existing
        } else {
            index = entries.count
            entries.append(Entry(pattern: parsed, methods: []))
            if parsed.isLiteral {
                literalPaths.append((path: pattern, entry: index))
            } else {
                parameterised.append(index)
            }
        }
        precondition(!entries[index].methods.contains { $0.method == method }, "duplicate route \(method) \(pattern)")
        entries[index].methods.append(
            MethodRoute(
                method: method, mode: mode, gate: gate, handler: handler,
                target: RouteTarget(pattern: pattern, mode: mode, gate: gate, handler: wrap(handler))))
    }

    /// Adds a middleware around every route handler, registered before or after it. The first
    /// middleware added is the outermost. Middleware runs where the handler runs (loop or pool)
    /// and does not see 404/405 answers; the server's `onResponse` hook sees every response.
    public mutating func use(_ middleware: @escaping HTTPMiddleware) {
        middlewares.append(middleware)
        for entry in entries.indices {
            for route in entries[entry].methods.indices {
                let old = entries[entry].methods[route]
                entries[entry].methods[route].target = RouteTarget(
                    pattern: old.target.pattern, mode: old.mode, gate: old.gate, handler: wrap(old.handler))
            }
        }
    }

    /// Every registered `(method, pattern, mode)`, in registration order.
    public var routes: [(method: String, pattern: String, mode: HandlerMode)] {
        entries.flatMap { entry in entry.methods.map { (method: $0.method, pattern: entry.pattern.text, mode: $0.mode) } }
    }

    /// Finds the handler for `method` and a raw `path` (no query).
    public func resolve(method: String, path: String) -> RouteResolution {
        var parameters = RouteParameters()
        switch route(method: method, path: path, parameters: &parameters) {
        case .target(let target):
            return .matched(RouteMatch(target: target, parameters: parameters))
        case .unmatched(let response, let pattern):
            return .unmatched(response, pattern: pattern)
        }
    }

    /// What the server needs to answer a request: the route's target, or the 404/405 answer.
    enum Outcome {
        case target(RouteTarget)
        case unmatched(HTTPResponse, pattern: String?)
    }

    /// Resolves like `resolve`, writing the captured values straight into `parameters` (the request's):
    /// nothing is copied on the way.
    func route(method: String, path: String, parameters: inout RouteParameters) -> Outcome {
        let length = path.utf8.count
        for literal in literalPaths where literal.path.utf8.count == length && literal.path == path {
            return select(literal.entry, method: method)
        }
        for index in parameterised where entries[index].pattern.match(path, into: &parameters) {
            return select(index, method: method)
        }
        return .unmatched(.error(status: 404, code: "not_found", message: "no such resource"), pattern: nil)
    }

    /// Resolves and runs the handler on the calling thread: the in-process twin of what the server does.
    public func respond(_ request: HTTPRequest) -> HTTPResponse {
        switch resolve(method: request.method, path: request.path) {
        case .matched(let match):
            var routed = request
            routed.parameters = match.parameters
            if let gate = match.gate {
                switch gate(routed) {
                case .respond(let answer):
                    return request.method == "HEAD" ? HTTPResponse(status: answer.status, headers: answer.headers) : answer
                case .proceed(let passed):
                    routed = passed
                case .deferred(let start):
                    let answer = Self.waitForDeferred(start)
                    return request.method == "HEAD" ? HTTPResponse(status: answer.status, headers: answer.headers) : answer
                }
            }
            var response = match.handler(routed)
            if request.method == "HEAD" { response.body = [] }
            return response
        case .unmatched(let response, _):
            return response
        }
    }

    /// Runs a deferred gate's work and blocks until it answers (only for the in-process twin).
    private static func waitForDeferred(_ start: @Sendable (HTTPResponder) -> Void) -> HTTPResponse {
        final class Box: @unchecked Sendable {
            let lock = ConditionLock()
            var response: HTTPResponse?  // guarded by `lock`
        }
        let box = Box()
        start(HTTPResponder { response in
            box.lock.withLock {
                if box.response == nil { box.response = response }
                box.lock.broadcast()
            }
        })
        return box.lock.withLock {
            while box.response == nil { box.lock.wait() }
            return box.response!
        }
    }

    private func select(_ index: Int, method: String) -> Outcome {
        let methods = entries[index].methods
        if let route = methods.first(where: { $0.method == method })
            ?? (method == "HEAD" ? methods.first { $0.method == "GET" } : nil) {
            return .target(route.target)
        }
        var allowed: [String] = []
        for candidate in methods {
            allowed.append(candidate.method)
            if candidate.method == "GET" && !methods.contains(where: { $0.method == "HEAD" }) {
                allowed.append("HEAD")
            }
        }
        let response = HTTPResponse.error(
            status: 405, code: "method_not_allowed", message: "the resource does not support this method",
            headers: ["Allow": allowed.joined(separator: ", ")])
        return .unmatched(response, pattern: entries[index].pattern.text)
    }

    private func wrap(_ handler: @escaping HTTPHandler) -> HTTPHandler {
        middlewares.reversed().reduce(handler) { next, middleware in
            { request in middleware(request, next) }
        }
    }
}

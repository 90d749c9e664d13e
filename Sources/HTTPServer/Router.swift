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
        var wrapped: HTTPHandler
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
            MethodRoute(method: method, mode: mode, gate: gate, handler: handler, wrapped: wrap(handler)))
    }

    /// Adds a middleware around every route handler, registered before or after it. The first
    /// middleware added is the outermost. Middleware runs where the handler runs (loop or pool)
    /// and does not see 404/405 answers; the server's `onResponse` hook sees every response.
    public mutating func use(_ middleware: @escaping HTTPMiddleware) {
        middlewares.append(middleware)
        for entry in entries.indices {
            for route in entries[entry].methods.indices {
                entries[entry].methods[route].wrapped = wrap(entries[entry].methods[route].handler)
            }
        }
    }

    /// Every registered `(method, pattern, mode)`, in registration order.
    public var routes: [(method: String, pattern: String, mode: HandlerMode)] {
        entries.flatMap { entry in entry.methods.map { (method: $0.method, pattern: entry.pattern.text, mode: $0.mode) } }
    }

    /// Finds the handler for `method` and a raw `path` (no query).
    public func resolve(method: String, path: String) -> RouteResolution {
        let length = path.utf8.count
        for literal in literalPaths where literal.path.utf8.count == length && literal.path == path {
            return select(entries[literal.entry], method: method, parameters: RouteParameters())
        }
        for index in parameterised {
            if let parameters = entries[index].pattern.match(path) {
                return select(entries[index], method: method, parameters: parameters)
            }
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

    private func select(_ entry: Entry, method: String, parameters: RouteParameters) -> RouteResolution {
        let route = entry.methods.first { $0.method == method }
            ?? (method == "HEAD" ? entry.methods.first { $0.method == "GET" } : nil)
        if let route {
            return .matched(
                RouteMatch(
                    pattern: entry.pattern.text, mode: route.mode, parameters: parameters, gate: route.gate,
                    handler: route.wrapped))
        }
        var allowed: [String] = []
        for candidate in entry.methods {
            allowed.append(candidate.method)
            if candidate.method == "GET" && !entry.methods.contains(where: { $0.method == "HEAD" }) {
                allowed.append("HEAD")
            }
        }
        let response = HTTPResponse.error(
            status: 405, code: "method_not_allowed", message: "the resource does not support this method",
            headers: ["Allow": allowed.joined(separator: ", ")])
        return .unmatched(response, pattern: entry.pattern.text)
    }

    private func wrap(_ handler: @escaping HTTPHandler) -> HTTPHandler {
        middlewares.reversed().reduce(handler) { next, middleware in
            { request in middleware(request, next) }
        }
    }
}

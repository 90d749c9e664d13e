import FoundationEssentials
import HTTPServer
import JobEngine
import Logging
import Postgres

/// The HTTP routes of the service (DESIGN §3), wired to the engine and the authenticator.
public struct JobsAPI: Sendable {
    /// The engine that stores and runs triggers.
    public let engine: JobEngine
    /// Signature, presigned-URL and read-token checks.
    public private(set) var authenticator: Authenticator
    /// Logger for auth refusals and unexpected errors.
    public let logger: Logger
    /// Minimum seconds between accepted presigned triggers of one job (`JOBS_PRESIGNED_MIN_INTERVAL_S`).
    public let presignedMinInterval: Int64
    /// Wall clock.
    public let now: @Sendable () -> Date
    /// The embedded scheduler's view of a job (its cron expressions and next slot), when it is on.
    public let schedule: (@Sendable (String) -> ScheduleInfo?)?
    /// Encoded bodies of repeated-trigger answers.
    let answers = AnswerCache()
    /// The 401 answers, built in advance: a flood of forged triggers should cost as little as possible.
    /// Each router gets copies of its own (see `makeRouter()`).
    private var refusals = Self.makeRefusals()
    /// Whether refusals are logged (the logger takes notices), decided once rather than per refusal.
    private let logsRefusals: Bool

    /// Longest `?wait=` accepted, in seconds.
    public static let maxWaitSeconds = 60

    /// Creates the API.
    public init(
        engine: JobEngine, authenticator: Authenticator, logger: Logger, presignedMinInterval: Int64 = 60,
        now: @escaping @Sendable () -> Date = { Date() }, schedule: (@Sendable (String) -> ScheduleInfo?)? = nil
    ) {
        self.schedule = schedule
        self.engine = engine
        self.authenticator = authenticator
        self.logger = logger
        logsRefusals = logger.logLevel <= .notice
        self.presignedMinInterval = presignedMinInterval
        self.now = now
    }

    /// A router with every route; database-touching handlers run on the handler pool. Call it once per
    /// event loop (`HTTPServer(configuration:logger:makeRouter:)`): each router has its own closures and
    /// its own prebuilt answers, so the loops never count references to the same objects.
    public func makeRouter() -> Router {
        var api = self
        api.refusals = Self.makeRefusals()
        api.authenticator = authenticator.independentCopy()
        return api.routes()
    }

    private func routes() -> Router {
        var router = Router()
        router.add("GET", "/healthz", mode: .inline) { _ in .text("ok\n") }
        router.add("GET", "/readyz", mode: .inline) { _ in readyz() }
        router.add("POST", "/jobs/{name}", mode: .blocking, gate: triggerGate) { request in trigger(request) }
        router.add("GET", "/jobs", mode: .blocking, gate: readGate) { request in listJobs(request) }
        router.add("GET", "/jobs/{name}", mode: .blocking, gate: readGate) { request in showJob(request) }
        router.add("GET", "/jobs/{name}/health", mode: .blocking) { request in jobHealth(request) }
        router.add("GET", "/runs/{id}", mode: .blocking, gate: readGate) { request in showRun(request) }
        router.add("POST", "/runs/{id}/cancel", mode: .blocking) { request in cancelRun(request) }
        router.add("GET", "/metrics", mode: .blocking, gate: metricsGate) { request in metrics(request) }
        return router
    }

    /// The server's access hook: feeds request counts and durations into the metrics.
    public func recordAccess(_ record: HTTPAccessRecord) {
        engine.metrics.recordRequest(route: record.route, status: record.status, seconds: record.durationSeconds)
    }

    func readyz() -> HTTPResponse {
        let (ready, reason) = engine.readiness()
        if ready { return .text("ready\n") }
        return .error(status: 503, code: "not_ready", message: reason ?? "not ready", headers: ["Retry-After": "5"])
    }

    func refuse(_ rejection: Authenticator.Rejection, _ request: HTTPRequest) -> HTTPResponse {
        engine.metrics.recordAuthFailure(reason: rejection.reason)
        if logsRefusals {
            logger.notice("request refused", metadata: [
                "request.id": "\(request.requestID)", "auth.reason": "\(rejection.reason)", "http.path": "\(request.path)",
            ])
        }
        return refusals[rejection.code] ?? Self.refusal(code: rejection.code)
    }

    private static func makeRefusals() -> [String: HTTPResponse] {
        Dictionary(uniqueKeysWithValues: [
            "missing_signature", "invalid_signature", "timestamp_out_of_tolerance", "job_not_allowed_for_key",
            "url_expired", "invalid_token",
        ].map { ($0, refusal(code: $0)) })
    }

    private static func refusal(code: String) -> HTTPResponse {
        let message: String
        switch code {
        case "missing_signature": message = "webhook-id, webhook-timestamp and webhook-signature headers are required"
        case "timestamp_out_of_tolerance": message = "webhook-timestamp is too far from the server's clock"
        case "job_not_allowed_for_key": message = "the signing key is not allowed to trigger this job"
        case "url_expired": message = "the presigned URL has expired"
        case "invalid_token": message = "the bearer token is not valid"
        default: message = "the signature is not valid"
        }
        return .error(status: 401, code: code, message: message,
                      headers: ["WWW-Authenticate": #"Bearer realm="checktick-jobs""#])
    }

    func engineError(_ error: JobEngineError, _ request: HTTPRequest) -> HTTPResponse {
        switch error {
        case .unknownJob: return .error(status: 404, code: "unknown_job", message: error.description)
        case .invalidParameters: return .error(status: 400, code: "invalid_parameters", message: error.description)
        case .jobRunning(let runID):
            var body: [UInt8] = []
            body.append(contentsOf: #"{"error":"job_running","message":"a run of this job is already active","run_id":""#.utf8)
            body.append(contentsOf: runID.utf8)
            body.append(contentsOf: #""}"#.utf8)
            return .json(status: 409, bytes: body)
        case .queueFull: return .error(status: 503, code: "queue_full", message: error.description, headers: ["Retry-After": "30"])
        case .draining: return .error(status: 503, code: "draining", message: error.description, headers: ["Retry-After": "10"])
        case .databaseUnavailable:
            return .error(status: 503, code: "database_unavailable", message: error.description, headers: ["Retry-After": "10"])
        case .runNotFound: return .error(status: 404, code: "run_not_found", message: error.description)
        case .runFinished: return .error(status: 409, code: "run_finished", message: error.description)
        case .cancelled, .timedOut: return .error(status: 500, code: "internal_error", message: error.description)
        }
    }

    /// Maps a storage error on a read path to 503 and logs its detail with the request id.
    func storageError(_ error: any Error, _ request: HTTPRequest) -> HTTPResponse {
        if let error = error as? JobEngineError { return engineError(error, request) }
        let detail = (error as? PostgresError)?.debugDescription ?? String(describing: error)
        logger.warning("database error", metadata: ["request.id": "\(request.requestID)", "error": "\(detail)"])
        return .error(status: 503, code: "database_unavailable", message: "the database is unavailable; retry later",
                      headers: ["Retry-After": "10"])
    }
}

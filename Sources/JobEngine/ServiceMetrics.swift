import Glibc
import Prometheus
import Synchronization

/// The service's Prometheus metrics (DESIGN §3), rendered as text by `GET /metrics`.
public final class ServiceMetrics: Sendable {
    /// The registry holding every series.
    public let registry = PrometheusCollectorRegistry()

    private static let requestBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]
    private static let runBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60),
        .seconds(120), .seconds(300), .seconds(600), .seconds(1800), .seconds(3600),
    ]

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "checktick_jobs", metricName: metric, unitName: unit, helpText: help)
    }

    private static var requests: MetricNameDescriptor { name("http_requests", "total", "HTTP requests by route pattern and status.") }
    private static var requestDuration: MetricNameDescriptor { name(
        "http_request_duration", "seconds", "HTTP request duration from complete head to response written.") }
    private static var authFailures: MetricNameDescriptor { name("auth_failures", "total", "Rejected authentication by reason.") }
    private static var runs: MetricNameDescriptor { name("runs", "total", "Runs finished by this replica, by job and final status.") }
    private static var runDuration: MetricNameDescriptor { name("run_duration", "seconds", "Run execution time by job.") }
    private static var queueDepth: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "checktick_jobs", metricName: "queue_depth", unitName: "", helpText: "Runs waiting in the queue.") }
    private static var lastSuccess: MetricNameDescriptor { name(
        "last_success_timestamp", "seconds", "Unix time of the latest successful run of each job.") }

    private struct RouteStatus: Hashable {
        let route: String
        let status: Int
    }

    /// The request series already looked up: the registry validates names and labels on every lookup,
    /// which is too slow for once per request. Striped by thread, so that the event loops (each on its own
    /// thread) do not queue on one lock; every stripe holds the registry's same series objects.
    private final class RequestStripe: Sendable {
        let series = Mutex<[RouteStatus: (count: Counter, duration: DurationHistogram)]>([:])
    }
    private let requestStripes = (0..<8).map { _ in RequestStripe() }
    private let authFailureSeries = Mutex<[String: Counter]>([:])

    /// Creates the registry.
    public init() {}

    /// Counts one answered HTTP request.
    public func recordRequest(route: String, status: Int, seconds: Double) {
        let key = RouteStatus(route: route, status: status)
        // Thread control blocks lie at least a stack apart: their page numbers spread threads over stripes.
        let stripe = requestStripes[Int(truncatingIfNeeded: UInt(pthread_self()) >> 12) & 7]
        let series = stripe.series.withLock { cache in
            if let known = cache[key] { return known }
            let made = (
                count: registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("status", String(status))]),
                duration: registry.makeDurationHistogram(
                    descriptor: Self.requestDuration, labels: [("route", route)], buckets: Self.requestBuckets))
            cache[key] = made
            return made
        }
        series.count.increment()
        series.duration.record(.nanoseconds(Int64(seconds * 1e9)))
    }

    /// Counts one authentication failure (`missing_signature`, `invalid_signature`, …).
    public func recordAuthFailure(reason: String) {
        let counter = authFailureSeries.withLock { cache in
            if let known = cache[reason] { return known }
            let made = registry.makeCounter(descriptor: Self.authFailures, labels: [("reason", reason)])
            cache[reason] = made
            return made
        }
        counter.increment()
    }

    /// Counts one finished run and its duration.
    public func recordRun(job: String, status: RunStatus, duration: Duration) {
        registry.makeCounter(descriptor: Self.runs, labels: [("job", job), ("status", status.rawValue)]).increment()
        registry.makeDurationHistogram(descriptor: Self.runDuration, labels: [("job", job)], buckets: Self.runBuckets)
            .record(duration)
    }

    /// Sets the queue depth gauge.
    public func setQueueDepth(_ depth: Int) {
        registry.makeGauge(descriptor: Self.queueDepth).set(Double(depth))
    }

    /// Sets a job's last success timestamp gauge.
    public func setLastSuccess(job: String, unixSeconds: Double) {
        registry.makeGauge(descriptor: Self.lastSuccess, labels: [("job", job)]).set(unixSeconds)
    }

    /// Prometheus text exposition format.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}

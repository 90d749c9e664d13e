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

    private static var runs: MetricNameDescriptor { name("runs", "total", "Runs finished by this replica, by job and final status.") }
    private static var runDuration: MetricNameDescriptor { name("run_duration", "seconds", "Run execution time by job.") }
    private static var queueDepth: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "checktick_jobs", metricName: "queue_depth", unitName: "", helpText: "Runs waiting in the queue.") }
    private static var lastSuccess: MetricNameDescriptor { name(
        "last_success_timestamp", "seconds", "Unix time of the latest successful run of each job.") }

    private struct RouteStatus: Hashable {
        // Compared on every request (the stripes' last-key check): route patterns are small or literal
        // strings, whose == compares two words.
        let route: String
        let status: Int
    }

    /// One route and status's requests: how many, their summed duration and a histogram (per bucket, not
    /// yet cumulative; the last slot is `+Inf` only).
    private struct RequestTally {
        var count: UInt64 = 0
        var sumNanos: UInt64 = 0
        var buckets = [UInt64](repeating: 0, count: ServiceMetrics.requestBucketNanos.count + 1)

        mutating func add(_ nanos: UInt64, _ bucket: Int) {
            count += 1
            sumNanos &+= nanos
            buckets[bucket] += 1
        }

        func merged(_ other: RequestTally) -> RequestTally {
            var sum = self
            sum.count += other.count
            sum.sumNanos &+= other.sumNanos
            for index in sum.buckets.indices { sum.buckets[index] += other.buckets[index] }
            return sum
        }
    }

    /// One thread's share of the request and auth-failure counts. Every thread that answers requests
    /// (each event loop) writes to its own stripe under a lock that nobody else takes except `/metrics`
    /// while it adds the stripes up, so counting a request costs an uncontended lock (and a dictionary
    /// lookup only when the key changes), and no cache line moves between the loops' cores. The padding
    /// keeps stripes off each other's cache lines.
    private final class Stripe: Sendable {
        struct Counts {
            var requests: [RouteStatus: RequestTally] = [:]
            var authFailures: [String: UInt64] = [:]
            // The key counted last and its tally, kept out of the dictionary while it repeats: a run of
            // requests to one route with one status (the usual case) then costs no hashing.
            var current: (key: RouteStatus, tally: RequestTally)?
            var currentFailure: (reason: String, count: UInt64)?

            mutating func count(_ key: RouteStatus, nanos: UInt64, bucket: Int) {
                if current?.key != key {
                    if let current { requests[current.key] = current.tally }
                    current = (key, requests.removeValue(forKey: key) ?? RequestTally())
                }
                current!.tally.add(nanos, bucket)
            }

            mutating func countFailure(_ reason: String) {
                if currentFailure?.reason != reason {
                    if let currentFailure { authFailures[currentFailure.reason] = currentFailure.count }
                    currentFailure = (reason, authFailures.removeValue(forKey: reason) ?? 0)
                }
                currentFailure!.count += 1
            }

            /// Every count, the current ones included.
            var allRequests: [RouteStatus: RequestTally] {
                var all = requests
                if let current { all[current.key] = current.tally }
                return all
            }

            var allFailures: [String: UInt64] {
                var all = authFailures
                if let currentFailure { all[currentFailure.reason] = currentFailure.count }
                return all
            }
        }
        let counts = Mutex(Counts())
        private let padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                              UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
            = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }
    private let stripes = (0..<ThreadStripe.count).map { _ in Stripe() }

    private static let requestBucketNanos: [UInt64] = requestBuckets.map {
        UInt64($0.components.seconds) * 1_000_000_000 + UInt64($0.components.attoseconds / 1_000_000_000)
    }

    /// Creates the registry.
    public init() {}

    /// Counts one answered HTTP request.
    public func recordRequest(route: String, status: Int, seconds: Double) {
        let nanos = seconds > 0 ? UInt64(min(seconds, 1e9) * 1e9) : 0
        let bucket = Self.requestBucketNanos.firstIndex { nanos <= $0 } ?? Self.requestBucketNanos.count
        stripes[ThreadStripe.current].counts.withLock { counts in
            counts.count(RouteStatus(route: route, status: status), nanos: nanos, bucket: bucket)
        }
    }

    /// Counts one authentication failure (`missing_signature`, `invalid_signature`, …).
    public func recordAuthFailure(reason: String) {
        stripes[ThreadStripe.current].counts.withLock { counts in
            counts.countFailure(reason)
        }
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

    /// Prometheus text exposition format: the request and auth-failure series (added up over the
    /// stripes, sorted by label), then the registry's.
    public func render() -> [UInt8] {
        var requests: [RouteStatus: RequestTally] = [:]
        var authFailures: [String: UInt64] = [:]
        for stripe in stripes {
            stripe.counts.withLock { counts in
                requests.merge(counts.allRequests) { $0.merged($1) }
                authFailures.merge(counts.allFailures, uniquingKeysWith: +)
            }
        }
        var text = ""
        let keys = requests.keys.sorted { ($0.route, $0.status) < ($1.route, $1.status) }
        if !keys.isEmpty {
            let name = "checktick_jobs_http_requests_total"
            text += "# HELP \(name) HTTP requests by route pattern and status.\n# TYPE \(name) counter\n"
            for key in keys {
                text += "\(name){route=\(Self.label(key.route)),status=\"\(key.status)\"} \(requests[key]!.count)\n"
            }
            var byRoute: [String: RequestTally] = [:]
            for key in keys { byRoute[key.route] = byRoute[key.route].map { $0.merged(requests[key]!) } ?? requests[key]! }
            let histogram = "checktick_jobs_http_request_duration_seconds"
            text += "# HELP \(histogram) HTTP request duration from complete head to response written.\n"
            text += "# TYPE \(histogram) histogram\n"
            for route in byRoute.keys.sorted() {
                let tally = byRoute[route]!
                let label = Self.label(route)
                var cumulative: UInt64 = 0
                for (index, bound) in Self.requestBucketNanos.enumerated() {
                    cumulative += tally.buckets[index]
                    text += "\(histogram)_bucket{route=\(label),le=\"\(Self.seconds(bound))\"} \(cumulative)\n"
                }
                text += "\(histogram)_bucket{route=\(label),le=\"+Inf\"} \(tally.count)\n"
                text += "\(histogram)_sum{route=\(label)} \(Self.seconds(tally.sumNanos))\n"
                text += "\(histogram)_count{route=\(label)} \(tally.count)\n"
            }
        }
        if !authFailures.isEmpty {
            let name = "checktick_jobs_auth_failures_total"
            text += "# HELP \(name) Rejected authentication by reason.\n# TYPE \(name) counter\n"
            for reason in authFailures.keys.sorted() {
                text += "\(name){reason=\(Self.label(reason))} \(authFailures[reason]!)\n"
            }
        }
        return Array(text.utf8) + registry.emitToBuffer()
    }

    /// A label value in quotes, with `\\`, `"` and newlines escaped as the exposition format wants.
    private static func label(_ value: String) -> String {
        var quoted = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            default: quoted.unicodeScalars.append(character)
            }
        }
        return quoted + "\""
    }

    /// Nanoseconds as decimal seconds, exact: `0.00025`, `1.0` (whole numbers keep one decimal, as the
    /// registry writes its bucket bounds), `0.000368669`.
    static func seconds(_ nanos: UInt64) -> String {
        let whole = nanos / 1_000_000_000
        var fraction = String(nanos % 1_000_000_000)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}


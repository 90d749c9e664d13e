import Dispatch
import Fetch
import Glibc
import JobEngine
import Logging
import Synchronization

/// healthchecks.io-style completion pings from `JOBS_PING_URL_<JOB>`: `<url>/start` when a run starts,
/// `<url>` on success, `<url>/fail` on failure, timeout, abandon or cancel, each with `?rid=<run id>`.
///
/// Plug it into the engine as an observer (`JobEngine(…, observers: [pinger.observe])`). Pings go out
/// in order on one background queue: they never block a worker and never fail a run; failures are logged.
public final class CompletionPinger: Sendable {
    /// Prefix of the per-job variables; the job name follows, upper-cased.
    public static let variablePrefix = "JOBS_PING_URL_"
    /// Per-ping limits: 10 s per attempt, 2 retries on connection errors, timeouts, 429 and 5xx.
    public static let defaultFetchOptions = FetchOptions(
        timeout: .seconds(10), connectTimeout: .seconds(5), maxResponseBytes: 64 * 1024, maxRedirects: 3,
        retries: 2, backoffBase: .milliseconds(500), backoffCap: .seconds(4))
    /// Pings waiting to be sent before further ones are dropped (a dead monitor must not grow memory).
    public static let defaultMaxPending = 100

    /// Configured ping URL per job name (never logged: a ping URL is a credential of the monitor).
    let urls: [String: String]
    /// Sends the GETs.
    let fetcher: HTTPFetcher
    /// Timeout, retries and backoff of each ping.
    let options: FetchOptions
    /// Pings allowed to wait before new ones are dropped.
    let maxPending: Int
    /// Where failures are reported.
    let logger: Logger
    /// One serial queue, so a run's start ping always goes out before its end ping.
    let queue = DispatchQueue(label: "ctj-pings")
    /// Pings queued or in flight.
    let pending = Mutex(0)

    /// Reads `JOBS_PING_URL_<JOB>` for every registered job; a URL that is not http(s), or a variable
    /// naming no job, fails with `JOBS_PING_URL_<JOB>: …`.
    public init(
        environment: [String: String], registry: JobRegistry, logger: Logger,
        options: FetchOptions = CompletionPinger.defaultFetchOptions, maxPending: Int = CompletionPinger.defaultMaxPending
    ) throws(SchedulingError) {
        var urls: [String: String] = [:]
        for (variable, value) in environment.sorted(by: { $0.key < $1.key }) where variable.hasPrefix(Self.variablePrefix) {
            let stem = String(variable.dropFirst(Self.variablePrefix.count))
            if stem.hasSuffix("_FILE"), registry.job(named: String(stem.dropLast(5)).lowercased()) != nil {
                continue  // `<NAME>_FILE` indirection is resolved by the configuration layer into `<NAME>`
            }
            guard stem == stem.uppercased() else {
                throw .invalidSetting(variable: variable, message: "the job name must be upper case (\(Self.variablePrefix)\(stem.uppercased().prefix(64)))")
            }
            guard let job = registry.job(named: stem.lowercased()) else {
                throw .invalidSetting(
                    variable: variable, message: "no job named '\(stem.lowercased().prefix(64))' (known: \(registry.names.joined(separator: ", ")))")
            }
            let url = value.trimmingBlanks()
            guard !url.isEmpty else { continue }
            try Self.validate(url, variable: variable)
            urls[job.descriptor.name] = url
        }
        self.urls = urls
        self.fetcher = HTTPFetcher(logger: logger)
        self.options = options
        self.maxPending = maxPending
        self.logger = logger
    }

    /// The variable naming a job's ping URL, e.g. `JOBS_PING_URL_PROCESS_DATA_GOVERNANCE`.
    public static func variableName(for job: String) -> String {
        variablePrefix + job.uppercased()
    }

    /// Jobs that have a ping URL, sorted.
    public var jobs: [String] { urls.keys.sorted() }

    /// The engine observer: queues the ping for a run event and returns at once.
    public func observe(_ event: RunEvent) {
        guard let kind = PingKind(event: event) else { return }
        let run: RunRecord
        switch event {
        case .started(let record), .finished(let record, _): run = record
        }
        guard let base = urls[run.job] else { return }
        let accepted = pending.withLock { count -> Bool in
            guard count < maxPending else { return false }
            count += 1
            return true
        }
        guard accepted else {
            logger.warning("completion ping dropped: too many pending", metadata: [
                "job.name": "\(run.job)", "run.id": "\(run.id)", "ping.kind": "\(kind.rawValue)",
            ])
            return
        }
        let url = kind.url(base: base, runID: run.id)
        queue.async { [self] in
            send(url, kind: kind, job: run.job, runID: run.id)
            pending.withLock { $0 -= 1 }
        }
    }

    /// Waits until every queued ping was sent or given up (shutdown, tests); false if `timeout` passed first.
    public func waitUntilIdle(timeout: Duration) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while pending.withLock({ $0 }) > 0 {
            guard clock.now < end else { return false }
            usleep(10_000)
        }
        return true
    }

    private func send(_ url: String, kind: PingKind, job: String, runID: String) {
        let metadata: Logger.Metadata = ["job.name": "\(job)", "run.id": "\(runID)", "ping.kind": "\(kind.rawValue)"]
        do {
            let response = try fetcher.get(url, options: options)
            logger.debug("completion ping sent", metadata: metadata.merging(["http.status": "\(response.status)"]) { $1 })
        } catch {
            logger.warning("completion ping failed", metadata: metadata.merging(["error": "\(error.description)"]) { $1 })
        }
    }

    private static func validate(_ url: String, variable: String) throws(SchedulingError) {
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else {
            throw .invalidSetting(variable: variable, message: "must be an http:// or https:// URL")
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !url.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "#" }) else {
            throw .invalidSetting(variable: variable, message: "must be an http:// or https:// URL with a host, no blanks and no fragment")
        }
    }
}

extension String {
    /// Without leading and trailing blanks and line breaks.
    func trimmingBlanks() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}

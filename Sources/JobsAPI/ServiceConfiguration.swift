import Glibc

/// The service's settings, read once at start from the environment (DESIGN §5).
public struct ServiceConfiguration: Sendable {
    /// `DATABASE_URL`: PostgreSQL URL or conninfo (CheckTick's own variable).
    public var databaseURL: String
    /// Listen host from `JOBS_LISTEN` (default `0.0.0.0`).
    public var listenHost: String
    /// Listen port from `JOBS_LISTEN` or `PORT` (default 8080).
    public var listenPort: Int
    /// `JOBS_WEBHOOK_SECRETS` (or `_FILE`): whitespace-separated `whsec_…[@job,…]` entries.
    public var webhookSecrets: String?
    /// `JOBS_READ_TOKEN` (or `_FILE`): bearer token for the read endpoints.
    public var readToken: String?
    /// `JOBS_WORKERS`: runs executed at once by this replica (default 2).
    public var workers: Int
    /// `JOBS_QUEUE_CAPACITY`: queued runs accepted before 503 (default 100).
    public var queueCapacity: Int
    /// `JOBS_SIGNATURE_TOLERANCE_S`: accepted clock skew of `webhook-timestamp` (default 300).
    public var signatureToleranceSeconds: Int
    /// `JOBS_MAX_BODY_BYTES`: request body limit (default 65536 → 413).
    public var maxBodyBytes: Int
    /// `JOBS_MAX_HEADER_BYTES`: request head limit (default 16384 → 431).
    public var maxHeaderBytes: Int
    /// `JOBS_HEADER_TIMEOUT_S`: time to send a request head (default 10 → 408).
    public var headerTimeoutSeconds: Int
    /// `JOBS_IDLE_TIMEOUT_S`: keep-alive idle timeout (default 60).
    public var idleTimeoutSeconds: Int
    /// `JOBS_MAX_CONNECTIONS`: open connections before 503 (default 10000).
    public var maxConnections: Int
    /// `JOBS_EVENT_LOOPS`: event-loop threads (default: one per core).
    public var eventLoops: Int
    /// `JOBS_HANDLER_THREADS`: threads for handlers that touch the database (default 16).
    public var handlerThreads: Int
    /// `JOBS_DB_POOL_SIZE`: PostgreSQL connections of the request/job pool (default handler threads + workers + 4).
    public var databasePoolSize: Int
    /// `JOBS_SHUTDOWN_GRACE_S`: time running jobs get after SIGTERM (default 25).
    public var shutdownGraceSeconds: Int
    /// `JOBS_SMTP_CONNECTIONS`: SMTP connections kept for e-mail (default 4).
    public var smtpConnections: Int
    /// `JOBS_HISTORY_DAYS`: days of run history kept (default 90).
    public var historyDays: Int
    /// `JOBS_PRESIGNED_MIN_INTERVAL_S`: at most one run per job per this many seconds from presigned URLs (default 60).
    public var presignedMinIntervalSeconds: Int
    /// `JOBS_LEASE_S`: a running run whose heartbeat is older than this is taken back from a dead replica (default 30).
    public var leaseSeconds: Int
    /// `JOBS_SCHEDULE`: `off`, `default`, or a crontab-style file path.
    public var schedule: String
    /// `JOBS_LOG_FORMAT`: `text` or `json`.
    public var logFormat: String
    /// `JOBS_LOG_LEVEL`: swift-log level name.
    public var logLevel: String

    /// Reads and validates every setting; the first bad one throws, naming its variable.
    public static func load(_ env: Environment, cores: Int) throws(ConfigurationError) -> ServiceConfiguration {
        guard let databaseURL = try env.secret("DATABASE_URL") else {
            throw ConfigurationError("DATABASE_URL", "is not set (e.g. postgresql://user@host:5432/checktick)")
        }
        let port = try env.integer("PORT", default: 8080, range: 0...65535)
        var host = "0.0.0.0"
        var listenPort = port
        if let listen = env.string("JOBS_LISTEN") {
            guard let colon = listen.lastIndex(of: ":"),
                  let parsed = Int(listen[listen.index(after: colon)...]), (0...65535).contains(parsed)
            else {
                throw ConfigurationError("JOBS_LISTEN", "must be HOST:PORT, e.g. 0.0.0.0:8080 or 127.0.0.1:9000")
            }
            var hostPart = String(listen[..<colon])
            if hostPart.hasPrefix("[") && hostPart.hasSuffix("]") {
                hostPart = String(hostPart.dropFirst().dropLast())
                guard Self.isIPv6(hostPart) else {
                    throw ConfigurationError("JOBS_LISTEN", "[HOST] must be an IPv6 address such as [::] or [::1]")
                }
            } else if !hostPart.isEmpty && !Self.isIPv4(hostPart) {
                throw ConfigurationError(
                    "JOBS_LISTEN", "host must be an IPv4 address (0.0.0.0, 127.0.0.1) or a bracketed IPv6 one ([::])")
            }
            host = hostPart.isEmpty ? "0.0.0.0" : hostPart
            listenPort = parsed
        }
        let workers = try env.integer("JOBS_WORKERS", default: 2, range: 0...64)
        let handlerThreads = try env.integer("JOBS_HANDLER_THREADS", default: 16, range: 1...1_024)
        return ServiceConfiguration(
            databaseURL: databaseURL,
            listenHost: host,
            listenPort: listenPort,
            webhookSecrets: try env.secret("JOBS_WEBHOOK_SECRETS"),
            readToken: try env.secret("JOBS_READ_TOKEN"),
            workers: workers,
            queueCapacity: try env.integer("JOBS_QUEUE_CAPACITY", default: 100, range: 1...1_000_000),
            signatureToleranceSeconds: try env.integer("JOBS_SIGNATURE_TOLERANCE_S", default: 300, range: 1...86_400),
            maxBodyBytes: try env.integer("JOBS_MAX_BODY_BYTES", default: 65_536, range: 1_024...16_777_216),
            maxHeaderBytes: try env.integer("JOBS_MAX_HEADER_BYTES", default: 16_384, range: 1_024...1_048_576),
            headerTimeoutSeconds: try env.integer("JOBS_HEADER_TIMEOUT_S", default: 10, range: 1...3_600),
            idleTimeoutSeconds: try env.integer("JOBS_IDLE_TIMEOUT_S", default: 60, range: 1...86_400),
            maxConnections: try env.integer("JOBS_MAX_CONNECTIONS", default: 10_000, range: 1...1_000_000),
            eventLoops: try env.integer("JOBS_EVENT_LOOPS", default: max(1, cores), range: 1...256),
            handlerThreads: handlerThreads,
            // Every handler thread and worker can hold a connection at once: no request waits for the pool.
            databasePoolSize: try env.integer("JOBS_DB_POOL_SIZE", default: handlerThreads + workers + 4, range: 1...500),
            shutdownGraceSeconds: try env.integer("JOBS_SHUTDOWN_GRACE_S", default: 25, range: 0...3_600),
            smtpConnections: try env.integer("JOBS_SMTP_CONNECTIONS", default: 4, range: 1...64),
            historyDays: try env.integer("JOBS_HISTORY_DAYS", default: 90, range: 1...36_500),
            presignedMinIntervalSeconds: try env.integer("JOBS_PRESIGNED_MIN_INTERVAL_S", default: 60, range: 0...86_400),
            leaseSeconds: try env.integer("JOBS_LEASE_S", default: 30, range: 2...3_600),
            schedule: env.string("JOBS_SCHEDULE") ?? "off",
            logFormat: try env.choice("JOBS_LOG_FORMAT", ["text", "json"], default: "text"),
            logLevel: try env.choice(
                "JOBS_LOG_LEVEL", ["trace", "debug", "info", "notice", "warning", "error", "critical"], default: "info")
        )
    }

    private static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }

    private static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && (UInt8(part) != nil)
        }
    }
}

/// Limits and retry behaviour of one `HTTPFetcher.get` call.
public struct FetchOptions: Sendable {
    /// Whole-transfer time limit per attempt, redirects included.
    public var timeout: Duration
    /// Time limit for establishing the connection (TCP and TLS).
    public var connectTimeout: Duration
    /// Largest accepted (decoded) body; the transfer is aborted as soon as it is exceeded.
    public var maxResponseBytes: Int
    /// Largest number of redirects followed (only to http and https).
    public var maxRedirects: Int
    /// Sent as `User-Agent`.
    public var userAgent: String
    /// Extra attempts after a connection error, timeout, 429 or 5xx (0 = no retry).
    public var retries: Int
    /// First backoff delay; doubles with every retry.
    public var backoffBase: Duration
    /// Longest backoff delay, also the cap on a server's `Retry-After`.
    public var backoffCap: Duration
    /// Polled during the transfer and between attempts; returning true aborts with `FetchError.cancelled`.
    public var shouldCancel: (@Sendable () -> Bool)?

    /// Default user agent of the service.
    public static let defaultUserAgent = "checktick-jobs"

    /// Creates options; every parameter has the documented default.
    public init(
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        maxResponseBytes: Int = 10 * 1024 * 1024,
        maxRedirects: Int = 5,
        userAgent: String = FetchOptions.defaultUserAgent,
        retries: Int = 0,
        backoffBase: Duration = .milliseconds(500),
        backoffCap: Duration = .seconds(8),
        shouldCancel: (@Sendable () -> Bool)? = nil
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
        self.retries = retries
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.shouldCancel = shouldCancel
    }
}

import Logging

/// Blocking HTTP(S) GET on libcurl with time, size and redirect limits and retries with backoff.
/// Each call uses its own curl handle, so one fetcher may be used from many threads at once.
public struct HTTPFetcher: Sendable {
    private let logger: Logger

    /// Creates a fetcher; initialises libcurl for the process if needed.
    public init(logger: Logger) {
        Curl.globalInit()
        self.logger = logger
    }

    /// GETs `url`; returns a 2xx response or throws (non-2xx after retries → `FetchError.httpStatus`).
    public func get(
        _ url: String,
        headers: [(String, String)] = [],
        options: FetchOptions = FetchOptions()
    ) throws(FetchError) -> FetchResponse {
        try Self.validate(url: url)
        let headerList = try Self.headerList(headers)
        // curl keeps a pointer to the list until the handle is gone: keep it alive to the end.
        defer { withExtendedLifetime(headerList) {} }
        guard let easy = CurlEasy() else { throw .transferFailed("curl_easy_init failed") }
        do {
            try Self.configure(easy, url: url, headers: headerList, options: options)
        } catch {
            throw .transferFailed("setopt: \(error.text)")
        }
        let policy = RetryPolicy(base: options.backoffBase, cap: options.backoffCap)
        var attempt = 0
        while true {
            attempt += 1
            if options.shouldCancel?() == true { throw .cancelled }
            let failure: FetchError
            let retryAfter: Duration?
            switch Self.attempt(easy, options: options) {
            case .success(let outcome) where (200...299).contains(outcome.status):
                return FetchResponse(status: outcome.status, headers: outcome.headers, body: outcome.body,
                                     effectiveURL: outcome.effectiveURL ?? url, attempts: attempt)
            case .success(let outcome):
                guard RetryPolicy.isRetryable(status: outcome.status) else { throw .httpStatus(outcome.status) }
                failure = .httpStatus(outcome.status)
                retryAfter = RetryPolicy.retryAfter(outcome.headers["retry-after"])
            case .failure(let error):
                guard error.isTransient else { throw error }
                failure = error
                retryAfter = nil
            }
            guard attempt <= options.retries else { throw failure }
            let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter, jitter: Double.random(in: 0...1))
            logger.info("fetch retrying", metadata: [
                "fetch.url": "\(Self.redacted(url))",
                "fetch.attempt": "\(attempt)",
                "fetch.reason": "\(failure.description)",
                "fetch.delay_ms": "\(delay.wholeMilliseconds)",
            ])
            guard Pause.sleep(delay, shouldCancel: options.shouldCancel) else { throw .cancelled }
        }
    }

    /// The URL without its query string (which may carry keys) for logs.
    static func redacted(_ url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }
}

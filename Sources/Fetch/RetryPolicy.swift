/// Exponential backoff with jitter, capped; honours a server's `Retry-After` (also capped).
struct RetryPolicy: Sendable {
    /// Delay before the first retry.
    let base: Duration
    /// Longest delay, also applied to `Retry-After`.
    let cap: Duration

    /// Delay before the retry that follows attempt number `attempt` (1-based).
    /// `jitter` in 0...1 spreads the delay over [d/2, d] so that clients do not retry in step.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?, jitter: Double) -> Duration {
        if let retryAfter {
            return min(max(retryAfter, .zero), cap)
        }
        let exponent = min(max(attempt - 1, 0), 30)
        let raw = base.secondsDouble * Double(1 << exponent)
        let capped = min(raw, cap.secondsDouble)
        let spread = capped / 2 + capped / 2 * min(max(jitter, 0), 1)
        return .milliseconds(Int((spread * 1000).rounded()))
    }

    /// Whether a final status deserves another attempt (429 and 5xx).
    static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// Parses a `Retry-After` value given in seconds; an HTTP-date is ignored (nil).
    static func retryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Int(value.trimmingASCIIWhitespace()), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}

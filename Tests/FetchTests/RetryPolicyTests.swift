@testable import Fetch
import Testing

@Suite("Retry backoff")
struct RetryPolicyTests {
    let policy = RetryPolicy(base: .milliseconds(500), cap: .seconds(8))

    @Test func doublesFromBaseAndStopsAtCap() {
        let full = (1...7).map { policy.delay(afterAttempt: $0, retryAfter: nil, jitter: 1) }
        #expect(full == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8)])
    }

    @Test func jitterSpreadsOverTheUpperHalf() {
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, jitter: 0) == .seconds(1))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, jitter: 0.5) == .milliseconds(1500))
        #expect(policy.delay(afterAttempt: 100, retryAfter: nil, jitter: 0) == .seconds(4))
    }

    @Test func retryAfterWinsButIsCapped() {
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3), jitter: 0.7) == .seconds(3))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(120), jitter: 0.7) == .seconds(8))
    }

    @Test func parsesRetryAfterSecondsOnly() {
        #expect(RetryPolicy.retryAfter("7") == .seconds(7))
        #expect(RetryPolicy.retryAfter(" 0 ") == .seconds(0))
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.retryAfter("-3") == nil)
        #expect(RetryPolicy.retryAfter(nil) == nil)
    }

    @Test func retriesOnly429And5xx() {
        #expect(RetryPolicy.isRetryable(status: 429))
        #expect(RetryPolicy.isRetryable(status: 500))
        #expect(RetryPolicy.isRetryable(status: 503))
        #expect(!RetryPolicy.isRetryable(status: 404))
        #expect(!RetryPolicy.isRetryable(status: 400))
        #expect(!RetryPolicy.isRetryable(status: 301))
    }

    @Test func defaultsMatchTheDocumentedLimits() {
        let options = FetchOptions()
        #expect(options.timeout == .seconds(30))
        #expect(options.connectTimeout == .seconds(10))
        #expect(options.maxResponseBytes == 10 * 1024 * 1024)
        #expect(options.maxRedirects == 5)
        #expect(options.retries == 0)
        #expect(options.backoffBase == .milliseconds(500))
        #expect(options.backoffCap == .seconds(8))
    }
}

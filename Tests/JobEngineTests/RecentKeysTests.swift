import FoundationEssentials
@testable import JobEngine
import Testing

@Suite("Recently resolved idempotency keys")
struct RecentKeysTests {
    private func run(_ id: String) -> RunRecord {
        RunRecord(
            id: id, job: "sleep", status: .queued, paramsJSON: "{}", trigger: "http", scheduledFor: nil,
            requestedAt: Date(), startedAt: nil, finishedAt: nil, heartbeatAt: nil, attempt: 0, exitCode: nil,
            summaryJSON: "{}", output: "", error: nil, cancelRequested: false, requestID: nil)
    }

    @Test func answersWithinTheLifetimeOnly() {
        let keys = RecentKeys(capacity: 10, lifetime: .seconds(1))
        let start = ContinuousClock.now
        keys.remember("a", run: run("1"), now: start)
        #expect(keys.run(for: "a", now: start + .milliseconds(999))?.id == "1")
        #expect(keys.run(for: "a", now: start + .seconds(1)) == nil)
        #expect(keys.run(for: "b", now: start) == nil)
    }

    @Test func forgetsTheOldestKeyWhenFull() {
        let keys = RecentKeys(capacity: 3, lifetime: .seconds(60))
        let now = ContinuousClock.now
        for index in 0..<10 { keys.remember("k\(index)", run: run("\(index)"), now: now) }
        #expect(keys.run(for: "k6", now: now) == nil)
        #expect(keys.run(for: "k7", now: now)?.id == "7")
        #expect(keys.run(for: "k9", now: now)?.id == "9")
    }
}

import Testing

@testable import JobEngine

@Suite("QueueDepthEstimate: a count never erases the triggers stored while it ran")
struct QueueDepthEstimateTests {
    @Test func keepsWhatWasStoredDuringACount() {
        var estimate = QueueDepthEstimate()
        estimate.add(3)
        // A count starts (it will see 3 rows), then 2 more triggers commit before it reports.
        let before = estimate.added
        estimate.add(2)
        #expect(estimate.recount(3, at: .now, addedBefore: before) == 5)
        #expect(estimate.depth == 5)
        // A later count that saw everything replaces the figure.
        #expect(estimate.recount(5, at: .now, addedBefore: estimate.added) == 5)
    }

    @Test func countsRunsFromOtherReplicasAndFinishedOnes() {
        var estimate = QueueDepthEstimate()
        estimate.add(10)
        // Workers took 7; another replica queued 4: the count (7) is the truth plus nothing stored meanwhile.
        #expect(estimate.recount(7, at: .now, addedBefore: estimate.added) == 7)
        #expect(estimate.countedAt != nil)
    }
}

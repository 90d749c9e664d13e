/// This replica's idea of how many runs are queued: the last count plus what it stored since.
///
/// A count reads the table at one moment; triggers this replica stores while the count runs may or
/// may not be in it. Those are added on top of the count (an over-estimate by the ones it did see, on
/// the safe side: the exact capacity check takes over sooner), so that a count finishing after a
/// trigger committed never erases it from the estimate.
struct QueueDepthEstimate: Sendable {
    /// Runs queued, as estimated.
    private(set) var depth = 0
    /// When the last count was taken; nil before the first.
    private(set) var countedAt: ContinuousClock.Instant?
    /// Runs this replica has stored since it started (only ever grows).
    private(set) var added = 0

    /// Records runs this replica stored.
    mutating func add(_ runs: Int) {
        depth += runs
        added += runs
    }

    /// Records a count that started when `added` was `addedBefore`; returns the new estimate.
    mutating func recount(_ counted: Int, at instant: ContinuousClock.Instant, addedBefore: Int) -> Int {
        depth = counted + (added - addedBefore)
        countedAt = instant
        return depth
    }
}

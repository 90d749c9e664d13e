import Glibc

/// Sleeping that can be interrupted by a cancellation check.
enum Pause {
    /// Sleeps for `duration` in short slices; returns false if `shouldCancel` became true.
    static func sleep(_ duration: Duration, shouldCancel: (@Sendable () -> Bool)?) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while clock.now < deadline {
            if let shouldCancel, shouldCancel() { return false }
            let slice = min(deadline - clock.now, .milliseconds(50))
            var request = timespec(tv_sec: Int(slice.components.seconds),
                                   tv_nsec: Int(slice.components.attoseconds / 1_000_000_000))
            var remaining = timespec()
            _ = nanosleep(&request, &remaining)
        }
        return !(shouldCancel?() ?? false)
    }
}

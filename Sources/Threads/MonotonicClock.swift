import Glibc

/// Reads `CLOCK_MONOTONIC`, the clock for every timeout and duration in the server, and the one
/// `ConditionLock.wait(untilNanoseconds:)` measures deadlines on.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point.
    @inlinable
    public static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Milliseconds since an arbitrary fixed point.
    @inlinable
    public static func milliseconds() -> UInt64 {
        nanoseconds() / 1_000_000
    }
}

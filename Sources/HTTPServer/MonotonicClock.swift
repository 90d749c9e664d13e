import Glibc

/// Reads `CLOCK_MONOTONIC`, the clock for every timeout and duration in the server.
enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point.
    @inline(__always)
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Milliseconds since an arbitrary fixed point.
    @inline(__always)
    static func milliseconds() -> UInt64 {
        nanoseconds() / 1_000_000
    }
}

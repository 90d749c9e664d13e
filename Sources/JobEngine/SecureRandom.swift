import Glibc

/// Cryptographically secure random bytes from the kernel, many per system call (run ids, the
/// governance job's key erasure).
public enum SecureRandom {
    /// `count` fresh random bytes. glibc's `arc4random_buf` fills the whole buffer with `getrandom(2)`
    /// (one call up to 32 MiB); it never fails: it aborts rather than return weak bytes.
    public static func bytes(count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            arc4random_buf(buffer.baseAddress!, count)
            initialized = count
        }
    }
}

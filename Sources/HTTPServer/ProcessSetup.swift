import Glibc

/// Process-wide settings a socket server needs, applied once.
enum ProcessSetup {
    private static let applied: Bool = {
        // A peer that closes early must not kill the process; sends also pass MSG_NOSIGNAL.
        signal(SIGPIPE, SIG_IGN)
        // maxConnections (10,000 by default) needs more descriptors than the usual soft limit.
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        return true
    }()

    /// Applies the settings (only the first call does anything).
    static func once() {
        _ = applied
    }
}

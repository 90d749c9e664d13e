import Glibc

/// The single place that turns a failed system call into an `HTTPServerError`.
enum Syscall {
    /// Calls `body` until it stops failing with `EINTR`; `-1` becomes an error naming `call`.
    /// `EBADF` and `EFAULT` are bugs in this module, not I/O errors, so they stop the process.
    @inline(__always)
    static func run<T: FixedWidthInteger & SignedInteger>(
        _ call: StaticString, _ body: () -> T
    ) throws(HTTPServerError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            precondition(code != EBADF && code != EFAULT, "\(call): \(String(cString: strerror(code)))")
            throw HTTPServerError(kind: .system, call: call, code: code)
        }
    }

    /// Closes `fd` once; `close` is never retried on Linux because the descriptor is gone even after `EINTR`.
    static func close(_ fd: Int32) {
        let result = Glibc.close(fd)
        precondition(result == 0 || errno != EBADF, "close: bad file descriptor \(fd)")
    }
}

import Glibc

/// The module's one place that turns a failed syscall into an error naming the call.
enum PostgresSystemCall {
    /// Runs `call`, retrying on EINTR; -1 with any other errno throws `.connectionLost` naming `name`.
    static func retryingEINTR(_ name: String, _ call: () -> Int32) throws(PostgresError) -> Int32 {
        while true {
            let result = call()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw PostgresError(.connectionLost, message: "\(name): \(String(cString: strerror(code)))")
        }
    }
}

internal import CLibpq

/// Owns a libpq `PGcancel`: asks the server to abort the statement running on one connection.
///
/// `PQcancel` is thread-safe on its own object, and the object is freed only in deinit.
final class PostgresCancelToken: @unchecked Sendable {
    /// The owned cancel object.
    private let raw: OpaquePointer

    /// Takes ownership of `raw`.
    init(_ raw: OpaquePointer) {
        self.raw = raw
    }

    deinit {
        PQfreeCancel(raw)
    }

    /// Sends the cancel request; false when it could not be sent.
    func cancel() -> (sent: Bool, error: String) {
        var buffer = [CChar](repeating: 0, count: 256)
        let sent = PQcancel(raw, &buffer, Int32(buffer.count)) == 1
        return (sent, sent ? "" : PostgresConnection.clean(buffer.withUnsafeBufferPointer { $0.baseAddress }))
    }
}

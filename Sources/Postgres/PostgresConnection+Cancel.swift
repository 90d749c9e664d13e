extension PostgresConnection {
    /// Asks the server to abort the statement now running on this connection; the one method safe
    /// to call from another thread. The statement then throws `.queryCanceled` (SQLSTATE 57014).
    ///
    /// Returns false when the request could not be sent or the connection is closed. A cancel that
    /// arrives while no statement runs has no effect; one that arrives late may abort the next
    /// statement, so cancel only a connection whose work you own (a running job's).
    @discardableResult
    public func cancel() -> Bool {
        cancelRequested.store(true, ordering: .sequentiallyConsistent)
        guard let token = canceller.withLock({ $0 }) else { return false }
        let (sent, error) = token.cancel()
        if !sent {
            logger.warning(
                "postgres cancel failed",
                metadata: ["postgres.backend_pid": "\(backendPID)", "error": "\(error)"])
        }
        return sent
    }
}

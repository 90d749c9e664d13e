internal import CLibpq

extension PostgresConnection {
    /// Runs `body` in a transaction: BEGIN, then COMMIT if it returns, ROLLBACK if it throws
    /// (the error is rethrown as is). Inside an open transaction (nested calls, or a manual BEGIN)
    /// it uses a savepoint instead.
    ///
    /// `statementTimeout` applies `SET LOCAL statement_timeout` to the rest of the transaction; a
    /// statement that runs longer throws `.timeout`.
    @discardableResult
    public func transaction<Result>(
        statementTimeout: Duration? = nil, _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        let depth = transactionDepth
        let nested = depth > 0 || isInTransaction
        let savepoint = SQL.quoteIdentifier("checktick_savepoint_\(depth)")
        try simpleQuery(unsafeSQL: nested ? "SAVEPOINT \(savepoint)" : "BEGIN")
        transactionDepth += 1
        defer { transactionDepth = depth }
        let result: Result
        do {
            if let statementTimeout {
                let milliseconds = Self.milliseconds(statementTimeout)
                try query("SELECT set_config('statement_timeout', \(String(milliseconds)), true)")
            }
            result = try body(self)
        } catch {
            rollback(toSavepoint: nested ? savepoint : nil)
            throw error
        }
        if nested {
            try simpleQuery(unsafeSQL: "RELEASE SAVEPOINT \(savepoint)")
            return result
        }
        let open = try liveHandle()
        let commit = try check(PQexec(open, "COMMIT"), handle: open)
        // COMMIT of a transaction that already failed (an error caught inside `body`) succeeds
        // with the tag ROLLBACK: the work is lost and the caller must know.
        guard commit.commandTag == "COMMIT" else {
            throw PostgresError(.queryFailed, message: "transaction was rolled back: a statement in it failed earlier")
        }
        return result
    }

    /// Rolls back the transaction or savepoint; failures (a lost connection) are logged, not thrown,
    /// because the original error matters more.
    private func rollback(toSavepoint savepoint: String?) {
        guard isHealthy else { return }
        let statement = savepoint.map { "ROLLBACK TO SAVEPOINT \($0); RELEASE SAVEPOINT \($0)" } ?? "ROLLBACK"
        do {
            try simpleQuery(unsafeSQL: statement)
        } catch {
            logger.warning("postgres rollback failed", metadata: ["error": "\(error.debugDescription)"])
        }
    }

    /// A positive whole number of milliseconds, rounded up (0 would disable a timeout).
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(1, milliseconds)
    }
}

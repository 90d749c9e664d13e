extension PostgresError {
    /// True for SQLSTATE 23505 (unique_violation).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// True for SQLSTATE 40001 (serialization_failure); retry the whole transaction.
    public var isSerializationFailure: Bool { sqlState == "40001" }

    /// True for SQLSTATE 40P01 (deadlock_detected); retry the whole transaction.
    public var isDeadlockDetected: Bool { sqlState == "40P01" }

    /// True for SQLSTATE 57014 (query_canceled): `cancel()` or `statement_timeout`.
    public var isQueryCanceled: Bool {
        sqlState == "57014" || kind == .queryCanceled || kind == .timeout
    }

    /// True when the connection is unusable: failed or lost connections, SQLSTATE class 08,
    /// and administrator shutdown or termination (57P01, 57P02, 57P03).
    public var isConnectionError: Bool {
        switch kind {
        case .connectionFailed, .connectionLost, .connectionClosed: return true
        default: break
        }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || sqlState == "57P01" || sqlState == "57P02"
            || sqlState == "57P03"
    }
}

extension PostgresConnection {
    /// A stable 64-bit advisory lock key for a name (FNV-1a), the same in every process and replica.
    public static func advisoryLockKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// `pg_try_advisory_lock`: takes the session-level lock if free; true when taken.
    public func tryAdvisoryLock(_ key: Int64) throws(PostgresError) -> Bool {
        try query("SELECT pg_try_advisory_lock(\(key)::bigint) AS locked")[0].decode("locked", as: Bool.self)
    }

    /// `pg_advisory_lock`: waits for the session-level lock.
    public func advisoryLock(_ key: Int64) throws(PostgresError) {
        try query("SELECT pg_advisory_lock(\(key)::bigint)")
    }

    /// `pg_advisory_unlock`: releases one hold of the session-level lock; false if it was not held.
    @discardableResult
    public func advisoryUnlock(_ key: Int64) throws(PostgresError) -> Bool {
        try query("SELECT pg_advisory_unlock(\(key)::bigint) AS unlocked")[0].decode("unlocked", as: Bool.self)
    }

    /// `pg_try_advisory_xact_lock`: takes the lock until the current transaction ends; true when taken.
    public func tryAdvisoryTransactionLock(_ key: Int64) throws(PostgresError) -> Bool {
        try query("SELECT pg_try_advisory_xact_lock(\(key)::bigint) AS locked")[0].decode("locked", as: Bool.self)
    }
}

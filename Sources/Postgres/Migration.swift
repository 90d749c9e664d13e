/// One named, ordered schema change: SQL text applied once per database.
public struct Migration: Sendable, Hashable {
    /// Unique, stable name recorded in `schema_migrations` (e.g. `0001_create_runs`).
    public let name: String
    /// The SQL text; may hold several statements. Qualify names with the schema.
    public let sql: String
    /// False for statements that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`).
    public let transactional: Bool

    /// Creates a migration.
    public init(_ name: String, sql: String, transactional: Bool = true) {
        self.name = name
        self.sql = sql
        self.transactional = transactional
    }
}

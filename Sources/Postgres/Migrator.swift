import Logging

/// Applies ordered migrations to a schema, once per database, under an advisory lock so that
/// concurrent migrators (several replicas starting at once) serialise.
public struct Migrator: Sendable {
    /// The session advisory lock held while migrating ("ckt.migr" in ASCII); fixed forever so that
    /// every version of the program excludes every other.
    public static let lockKey: Int64 = 0x636b_742e_6d69_6772

    /// Where to connect; the migrator opens its own dedicated connection.
    public let configuration: PostgresConfiguration
    /// Logs each migration applied.
    public let logger: Logger

    /// Creates a migrator.
    public init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Creates `schema` and `schema.schema_migrations` if needed, then applies each pending
    /// migration, in list order, in its own transaction; returns the names applied (empty when up to date).
    @discardableResult
    public func migrate(_ migrations: [Migration], schema: String = "checktick_jobs") throws(PostgresError) -> [String]
    {
        try Self.validate(migrations)
        let connection = try PostgresConnection(configuration: configuration, logger: logger)
        // Closing the session also releases the advisory lock, whatever happens below.
        defer { connection.close() }
        try connection.advisoryLock(Self.lockKey)
        let table = "\(SQL.quoteIdentifier(schema)).schema_migrations"
        // CREATE SCHEMA checks the database-level CREATE privilege even when the schema exists, so
        // a role limited to a schema an administrator created must not attempt it.
        let schemaExists =
            try connection.query("SELECT count(*) AS n FROM pg_namespace WHERE nspname = \(schema)")[0]
            .decode("n", as: Int.self) > 0
        if !schemaExists {
            try connection.query("CREATE SCHEMA \(identifier: schema)")
        }
        try connection.simpleQuery(
            unsafeSQL: """
                CREATE TABLE IF NOT EXISTS \(table) (
                    name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """)
        let applied = try Self.appliedNames(schema: schema, on: connection)
        let known = Set(migrations.map(\.name))
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty {
            logger.warning(
                "database has migrations this program does not know",
                metadata: ["migration.names": "\(unknown.joined(separator: ","))", "migration.schema": "\(schema)"])
        }
        var newlyApplied: [String] = []
        for migration in migrations where !applied.contains(migration.name) {
            try apply(migration, table: table, on: connection)
            logger.info(
                "migration applied", metadata: ["migration.name": "\(migration.name)", "migration.schema": "\(schema)"])
            newlyApplied.append(migration.name)
        }
        try connection.advisoryUnlock(Self.lockKey)
        return newlyApplied
    }

    /// The names of migrations not yet applied, in list order (all of them when the schema is new).
    public func pendingMigrations(_ migrations: [Migration], schema: String = "checktick_jobs") throws(PostgresError)
        -> [String]
    {
        let connection = try PostgresConnection(configuration: configuration, logger: logger)
        defer { connection.close() }
        return try Self.pendingMigrations(migrations, schema: schema, on: connection)
    }

    /// The names of migrations not yet applied, checked on an existing (e.g. pooled) connection.
    public static func pendingMigrations(
        _ migrations: [Migration], schema: String = "checktick_jobs", on connection: PostgresConnection
    ) throws(PostgresError) -> [String] {
        let applied = try appliedNames(schema: schema, on: connection)
        return migrations.map(\.name).filter { !applied.contains($0) }
    }

    /// Applies one migration and records it, atomically unless it is non-transactional.
    private func apply(_ migration: Migration, table: String, on connection: PostgresConnection) throws(PostgresError) {
        let record: SQL = "INSERT INTO \(unsafeSQL: table) (name) VALUES (\(migration.name))"
        do {
            if migration.transactional {
                try connection.transaction { connection in
                    try connection.simpleQuery(unsafeSQL: migration.sql)
                    try connection.execute(record)
                }
            } else {
                try connection.simpleQuery(unsafeSQL: migration.sql)
                try connection.execute(record)
            }
        } catch let error as PostgresError {
            throw PostgresError(
                error.kind, message: "migration \(migration.name) failed: \(error.message)", sqlState: error.sqlState,
                detail: error.detail, hint: error.hint, constraint: error.constraint)
        } catch {
            throw PostgresError(.migration, message: "migration \(migration.name) failed: \(error)")
        }
    }

    /// Names recorded in `schema.schema_migrations`; empty when the table does not exist yet.
    static func appliedNames(schema: String, on connection: PostgresConnection) throws(PostgresError) -> Set<String> {
        let qualified = "\(SQL.quoteIdentifier(schema)).schema_migrations"
        let exists = try connection.query("SELECT to_regclass(\(qualified)) IS NOT NULL AS present")[0]
            .decode("present", as: Bool.self)
        guard exists else { return [] }
        let rows = try connection.query("SELECT name FROM \(unsafeSQL: qualified)")
        var names = Set<String>()
        for row in rows { names.insert(try row.decode("name", as: String.self)) }
        return names
    }

    /// Names must be non-empty and unique.
    static func validate(_ migrations: [Migration]) throws(PostgresError) {
        var seen = Set<String>()
        for migration in migrations {
            guard !migration.name.isEmpty else {
                throw PostgresError(.migration, message: "a migration has an empty name")
            }
            guard seen.insert(migration.name).inserted else {
                throw PostgresError(.migration, message: "migration name \(migration.name) is used twice")
            }
        }
    }
}

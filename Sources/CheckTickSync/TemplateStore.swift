import FoundationEssentials
import JobEngine
import Postgres

/// Reads and writes global `surveys_publishedquestiongroup` rows and finds their publisher.
struct TemplateStore: Sendable {
    /// What the sync compares against a file.
    struct Existing: Sendable {
        /// Primary key.
        let id: Int64
        /// Whether any compared field differs from the file (markdown, description, attribution, tags, version).
        let changed: Bool
    }

    /// The e-mail of the inactive user that publishes templates when there is no superuser.
    static let systemUserEmail = "system@checktick.local"

    /// The pool the job runs with.
    let database: PostgresPool

    /// Global templates named `title` (any status); more than one is an error, as in CheckTick's `get()`.
    func findGlobal(_ file: TemplateFile) throws -> Existing? {
        let rows = try database.query(
            """
            SELECT id,
                   (markdown IS DISTINCT FROM \(file.body)
                    OR description IS DISTINCT FROM \(file.description)
                    OR attribution IS DISTINCT FROM \(JSONText.encode(file.attribution))::jsonb
                    OR tags IS DISTINCT FROM \(JSONText.encode(file.tags))::jsonb
                    OR version IS DISTINCT FROM \(file.version)) AS changed
            FROM surveys_publishedquestiongroup
            WHERE name = \(file.title) AND publication_level = 'global'
            LIMIT 2
            """)
        guard let row = rows.first else { return nil }
        guard rows.count == 1 else {
            throw SyncCommandError.duplicateTemplates(count: try countGlobal(named: file.title))
        }
        return Existing(id: try row.decode("id", as: Int64.self), changed: try row.decode("changed", as: Bool.self))
    }

    /// Writes the file's fields over an existing template (its status is left as it is).
    func update(id: Int64, from file: TemplateFile, at now: Date) throws {
        try database.query(
            """
            UPDATE surveys_publishedquestiongroup
            SET name = \(file.title), description = \(file.description),
                attribution = \(JSONText.encode(file.attribution))::jsonb, tags = \(JSONText.encode(file.tags))::jsonb,
                markdown = \(file.body), version = \(file.version), updated_at = \(now)
            WHERE id = \(id)
            """)
    }

    /// Inserts an active global template published by `publisher`.
    func create(from file: TemplateFile, publisher: Int64, at now: Date) throws {
        try database.query(
            """
            INSERT INTO surveys_publishedquestiongroup (
                publication_level, name, description, markdown, attribution, tags, language, version, status,
                import_count, created_at, updated_at, organization_id, publisher_id, source_group_id,
                show_publisher_credit)
            VALUES (
                'global', \(file.title), \(file.description), \(file.body),
                \(JSONText.encode(file.attribution))::jsonb, \(JSONText.encode(file.tags))::jsonb, 'en',
                \(file.version), 'active', 0, \(now), \(now), NULL, \(publisher), NULL, true)
            """)
    }

    /// The superuser with the lowest id, if any.
    func lowestSuperuser() throws -> Int64? {
        try database.query("SELECT id FROM auth_user WHERE is_superuser ORDER BY id LIMIT 1").first?
            .decode("id", as: Int64.self)
    }

    /// The inactive system user, created when missing (username empty, as Django's get_or_create leaves it).
    func systemUser(at now: Date) throws -> Int64 {
        try database.transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock(hashtext('checktick_sync.system_user'))")
            let email = Self.systemUserEmail
            if let row = try connection.query("SELECT id FROM auth_user WHERE email = \(email) ORDER BY id LIMIT 1").first {
                return try row.decode("id", as: Int64.self)
            }
            return try connection.query(
                """
                INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, email,
                                       is_staff, is_active, date_joined)
                VALUES ('', NULL, false, '', 'System', '', \(email), false, false, \(now))
                RETURNING id
                """)[0].decode("id", as: Int64.self)
        }
    }

    private func countGlobal(named title: String) throws -> Int {
        try database.query(
            "SELECT count(*) AS n FROM surveys_publishedquestiongroup WHERE name = \(title) AND publication_level = 'global'"
        )[0].decode("n", as: Int.self)
    }
}

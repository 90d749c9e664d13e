import Foundation
import Postgres

/// Row helpers: inserts with every NOT NULL column, and reads back what the syncs wrote.
extension SyncTestDatabase {
    /// Inserts a dataset row; returns its id.
    @discardableResult
    func insertDataset(
        key: String, name: String = "Existing", category: String = "rcpch", sourceType: String = "api",
        options: String = "[]", version: Int = 1, lastSyncedAt: Date? = nil, lastScraped: Date? = nil,
        syncFrequencyHours: Int? = 24, isCustom: Bool = false, isGlobal: Bool = true, tags: String = "[]"
    ) throws -> Int64 {
        let now = Date()
        return try query(
            """
            INSERT INTO surveys_dataset (key, name, description, category, source_type, reference_url, nhs_dd_page_id,
                is_custom, external_api_endpoint, external_api_url, sync_frequency_hours, last_synced_at, is_global,
                options, format_pattern, created_at, updated_at, version, is_active, tags, last_scraped)
            VALUES (\(key), \(name), 'pre-existing', \(category), \(sourceType), '', '', \(isCustom), '', '',
                \(syncFrequencyHours), \(lastSyncedAt), \(isGlobal), \(options)::jsonb, '', \(now), \(now), \(version),
                true, \(tags)::jsonb, \(lastScraped))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    /// One dataset row as a dictionary of text values (jsonb as text), or nil.
    func dataset(_ key: String) throws -> [String: String?]? {
        let rows = try query(
            """
            SELECT key, name, description, category, source_type, reference_url, is_custom::text, is_global::text,
                   options::text, version::text, last_synced_at::text, last_scraped::text, tags::text,
                   external_api_endpoint, external_api_url, sync_frequency_hours::text
            FROM surveys_dataset WHERE key = \(key)
            """)
        guard let row = rows.first else { return nil }
        var values: [String: String?] = [:]
        for column in rows.columns { values[column] = try row.decode(column, as: String?.self) }
        return values
    }

    /// A dataset's options as a dictionary.
    func options(_ key: String) throws -> [String: String] {
        guard let text = try dataset(key)?["options"] ?? nil else { return [:] }
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return (object as? [String: Any])?.compactMapValues { $0 as? String } ?? [:]
    }

    /// A dataset's version.
    func version(_ key: String) throws -> Int? {
        (try dataset(key)?["version"] ?? nil).flatMap { Int($0) }
    }

    /// `last_synced_at` of a dataset.
    func lastSynced(_ key: String) throws -> Date? {
        try query("SELECT last_synced_at FROM surveys_dataset WHERE key = \(key)").first?.decode("last_synced_at", as: Date?.self)
    }

    /// `last_scraped` of a dataset.
    func lastScraped(_ key: String) throws -> Date? {
        try query("SELECT last_scraped FROM surveys_dataset WHERE key = \(key)").first?.decode("last_scraped", as: Date?.self)
    }

    /// Number of dataset rows.
    func datasetCount() throws -> Int {
        try query("SELECT count(*) AS n FROM surveys_dataset")[0].decode("n", as: Int.self)
    }

    /// Inserts a user; returns its id.
    @discardableResult
    func insertUser(username: String, email: String, superuser: Bool, id: Int? = nil) throws -> Int64 {
        let idColumn: SQL = id == nil ? "" : "id, "
        let idValue: SQL = id.map { "\($0), " } ?? ""
        return try query(
            """
            INSERT INTO auth_user (\(fragment: idColumn)password, is_superuser, username, first_name, last_name, email,
                                   is_staff, is_active, date_joined)
            VALUES (\(fragment: idValue)'', \(superuser), \(username), '', '', \(email), \(superuser), true, now())
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }
}

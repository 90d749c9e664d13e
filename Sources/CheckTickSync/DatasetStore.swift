import FoundationEssentials
import Postgres

/// Reads and writes `surveys_dataset` rows. Django applies defaults in Python, so every insert names
/// every NOT NULL column.
struct DatasetStore: Sendable {
    /// The pool the job runs with.
    let database: PostgresPool

    /// The row with this key, if any.
    func find(key: String) throws -> StoredDataset? {
        let rows = try database.query(
            """
            SELECT id, name, category, source_type, sync_frequency_hours, last_synced_at, last_scraped, version,
                   jsonb_typeof(options) = 'object' AS options_is_object,
                   CASE jsonb_typeof(options)
                       WHEN 'object' THEN (SELECT count(*) FROM jsonb_object_keys(options))
                       WHEN 'array' THEN jsonb_array_length(options)
                       ELSE 0 END AS option_count
            FROM surveys_dataset WHERE key = \(key) ORDER BY id LIMIT 1
            """)
        guard let row = rows.first else { return nil }
        return StoredDataset(
            id: try row.decode("id", as: Int64.self),
            name: try row.decode("name", as: String.self),
            category: try row.decode("category", as: String.self),
            sourceType: try row.decode("source_type", as: String.self),
            syncFrequencyHours: try row.decode("sync_frequency_hours", as: Int?.self),
            lastSyncedAt: try row.decode("last_synced_at", as: Date?.self),
            lastScraped: try row.decode("last_scraped", as: Date?.self),
            optionCount: try row.decode("option_count", as: Int.self),
            optionsIsObject: try row.decode("options_is_object", as: Bool?.self) ?? false,
            version: try row.decode("version", as: Int.self))
    }

    /// Replaces an API dataset's options; returns the new version.
    func saveSynced(id: Int64, options: DatasetOptions, at now: Date) throws -> Int {
        let rows = try database.query(
            """
            UPDATE surveys_dataset
            SET options = \(options.jsonText)::jsonb, last_synced_at = \(now), version = version + 1, updated_at = \(now)
            WHERE id = \(id) RETURNING version
            """)
        return try rows.first?.decode("version", as: Int.self) ?? 0
    }

    /// Inserts a new RCPCH dataset as CheckTick's sync creates it.
    func createExternal(_ dataset: ExternalDataset, options: DatasetOptions, apiBaseURL: String, at now: Date) throws {
        try database.query(
            """
            INSERT INTO surveys_dataset (
                key, name, description, category, source_type, reference_url, nhs_dd_page_id, is_custom,
                external_api_endpoint, external_api_url, sync_frequency_hours, last_synced_at, is_global, options,
                format_pattern, created_at, updated_at, version, is_active, tags)
            VALUES (
                \(dataset.key), \(dataset.name), 'External dataset from RCPCH NHS Organisations API', 'rcpch', 'api',
                '', '', false, \(dataset.endpoint), \(String(apiBaseURL.prefix(200))), 24, \(now), true,
                \(options.jsonText)::jsonb, '', \(now), \(now), 1, true, '[]'::jsonb)
            """)
    }

    /// Refreshes an NHS DD row's name, description, reference URL and tags.
    func updateListMetadata(id: Int64, entry: NHSDDListEntry, at now: Date) throws {
        try database.query(
            """
            UPDATE surveys_dataset
            SET name = \(entry.name), description = \(entry.description), reference_url = \(entry.referenceURL),
                tags = \(JSONText.encode(strings: entry.tags))::jsonb, updated_at = \(now)
            WHERE id = \(id)
            """)
    }

    /// Inserts a new NHS DD dataset with empty options; returns its id.
    func createNHSDD(_ entry: NHSDDListEntry, at now: Date) throws -> Int64 {
        let rows = try database.query(
            """
            INSERT INTO surveys_dataset (
                key, name, description, category, source_type, reference_url, nhs_dd_page_id, is_custom,
                external_api_endpoint, external_api_url, sync_frequency_hours, is_global, options,
                format_pattern, created_at, updated_at, version, is_active, tags)
            VALUES (
                \(entry.key), \(entry.name), \(entry.description), 'nhs_dd', 'scrape', \(entry.referenceURL), '',
                false, '', '', 24, true, '{}'::jsonb, '', \(now), \(now), 1, true,
                \(JSONText.encode(strings: entry.tags))::jsonb)
            RETURNING id
            """)
        return try rows[0].decode("id", as: Int64.self)
    }

    /// Stores scraped options; returns the new version.
    func saveScraped(id: Int64, options: DatasetOptions, at now: Date) throws -> Int {
        let rows = try database.query(
            """
            UPDATE surveys_dataset
            SET options = \(options.jsonText)::jsonb, last_scraped = \(now), version = version + 1, updated_at = \(now)
            WHERE id = \(id) RETURNING version
            """)
        return try rows.first?.decode("version", as: Int.self) ?? 0
    }

    /// Rows with category `nhs_dd`.
    func countNHSDD() throws -> Int {
        try database.query("SELECT count(*) AS n FROM surveys_dataset WHERE category = 'nhs_dd'")[0]
            .decode("n", as: Int.self)
    }
}

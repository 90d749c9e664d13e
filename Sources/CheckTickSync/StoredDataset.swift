import FoundationEssentials

/// The columns of a `surveys_dataset` row the syncs look at.
struct StoredDataset: Sendable, Equatable {
    /// Primary key.
    let id: Int64
    /// Display name.
    let name: String
    /// `nhs_dd`, `rcpch`, `external_api` or `user_created`.
    let category: String
    /// `api`, `manual`, `imported` or `scrape`.
    let sourceType: String
    /// Hours between API syncs; nil or 0 means never due.
    let syncFrequencyHours: Int?
    /// Last API sync.
    let lastSyncedAt: Date?
    /// Last NHS Data Dictionary scrape.
    let lastScraped: Date?
    /// `len(options)` as Python computes it (list or object).
    let optionCount: Int
    /// Whether `options` is a JSON object (the NHS DD sync counts only those).
    let optionsIsObject: Bool
    /// Row version.
    let version: Int

    /// CheckTick's `DataSet.needs_sync`.
    func needsSync(now: Date) -> Bool {
        guard sourceType == "api", let hours = syncFrequencyHours, hours != 0 else { return false }
        guard let lastSyncedAt else { return true }
        return now >= lastSyncedAt.addingTimeInterval(Double(hours) * 3600)
    }
}

/// Errors of the dataset and template syncs; `description` is what the CLI prints after `CommandError: `.
public enum SyncCommandError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// `--dataset` named a key that is not one of the RCPCH datasets.
    case unknownDatasetKey(String)
    /// `--dataset` named a key that the NHS Data Dictionary list does not contain.
    case datasetNotInList(String)
    /// The NHS Data Dictionary list file does not exist.
    case listFileNotFound(path: String)
    /// Some datasets could not be synced (the run still processed all of them).
    case datasetsFailed(Int)
    /// A configuration variable has a bad value.
    case configuration(variable: String, problem: String)
    /// One dataset could not be fetched or transformed (CheckTick's `DatasetFetchError`).
    case datasetFetch(String)
    /// One NHS Data Dictionary page could not be scraped.
    case scrape(String)
    /// A question-group Markdown body is invalid (CheckTick's `BulkParseError`).
    case markdown(String)
    /// A file could not be read.
    case fileUnreadable(path: String)
    /// Several global templates share one title, so the file cannot be matched to one.
    case duplicateTemplates(count: Int)

    /// Text safe to show anyone (no SQL, curl or OS detail).
    public var description: String {
        switch self {
        case .unknownDatasetKey(let key): "Unknown dataset key: \(key)"
        case .datasetNotInList(let key): "Dataset '\(key)' not found in markdown file"
        case .listFileNotFound(let path):
            "Markdown file not found: \(path)\nExpected location: docs/nhs-data-dictionary-datasets.md"
        case .datasetsFailed(let count): "\(count) dataset(s) failed to sync"
        case .configuration(let variable, let problem): "\(variable): \(problem)"
        case .datasetFetch(let message), .scrape(let message), .markdown(let message): message
        case .fileUnreadable(let path): "cannot read \(path)"
        case .duplicateTemplates(let count): "get() returned more than one PublishedQuestionGroup -- it returned \(count)!"
        }
    }

    /// Same as `description`: no case carries hidden detail.
    public var debugDescription: String { description }
}

import Fetch
import FoundationEssentials

/// Where the three syncs read their sources and how they fetch; built from the environment by `CheckTickSyncJobs`.
struct SyncSettings: Sendable {
    /// Default RCPCH API base (`EXTERNAL_DATASET_API_URL`).
    static let defaultAPIBaseURL = "https://api.rcpch.ac.uk"
    /// Where the NHS Data Dictionary list links point; `JOBS_NHS_DD_BASE_URL` rewrites them.
    static let defaultNHSDDBaseURL = "https://www.datadictionary.nhs.uk/data_elements/"
    /// Default NHS Data Dictionary list (`JOBS_NHS_DD_LIST`), relative to the working directory.
    static let defaultNHSDDListPath = "docs/nhs-data-dictionary-datasets.md"
    /// Default template folder (`JOBS_TEMPLATES_DIR`), relative to the working directory.
    static let defaultTemplatesDirectory = "docs/question-group-templates"
    /// Per-attempt time limit of every request (CheckTick uses 30 s).
    static let defaultTimeout: Duration = .seconds(30)
    /// Largest accepted RCPCH API response.
    static let defaultMaxAPIResponseBytes = 20 * 1024 * 1024
    /// Largest accepted NHS Data Dictionary page.
    static let defaultMaxPageBytes = 5 * 1024 * 1024
    /// Extra attempts after a connection error, timeout, 429 or 5xx.
    static let defaultRetries = 3
    /// The browser User-Agent CheckTick's scraper sends.
    static let scraperUserAgent =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"

    /// RCPCH API base URL; endpoints are appended verbatim.
    var apiBaseURL: String = SyncSettings.defaultAPIBaseURL
    /// Bearer token for the RCPCH API; empty sends no Authorization header.
    var apiKey: String = ""
    /// Path of the NHS Data Dictionary list (Markdown table).
    var nhsDDListPath: String = SyncSettings.defaultNHSDDListPath
    /// Replacement base for the list's data-element links (tests, mirrors); nil keeps them.
    var nhsDDBaseURL: String?
    /// Folder of the question-group template files.
    var templatesDirectory: String = SyncSettings.defaultTemplatesDirectory
    /// Limits and retries for RCPCH API requests.
    var apiFetch = FetchOptions(
        timeout: SyncSettings.defaultTimeout, maxResponseBytes: SyncSettings.defaultMaxAPIResponseBytes,
        retries: SyncSettings.defaultRetries, backoffBase: .seconds(1), backoffCap: .seconds(10))
    /// Limits and retries for NHS Data Dictionary pages.
    var pageFetch = FetchOptions(
        timeout: SyncSettings.defaultTimeout, maxResponseBytes: SyncSettings.defaultMaxPageBytes,
        userAgent: SyncSettings.scraperUserAgent, retries: SyncSettings.defaultRetries,
        backoffBase: .seconds(1), backoffCap: .seconds(10))

    /// Defaults everywhere.
    init() {}

    /// Reads the variables; a bad value throws naming the variable.
    init(environment: [String: String]) throws(SyncCommandError) {
        if let url = Self.nonEmpty(environment["EXTERNAL_DATASET_API_URL"]) {
            try Self.requireHTTP(url, variable: "EXTERNAL_DATASET_API_URL")
            apiBaseURL = url
        }
        apiKey = try Self.secret("EXTERNAL_DATASET_API_KEY", in: environment)
        if let path = Self.nonEmpty(environment["JOBS_NHS_DD_LIST"]) { nhsDDListPath = path }
        if let url = Self.nonEmpty(environment["JOBS_NHS_DD_BASE_URL"]) {
            try Self.requireHTTP(url, variable: "JOBS_NHS_DD_BASE_URL")
            nhsDDBaseURL = url.hasSuffix("/") ? url : url + "/"
        }
        if let path = Self.nonEmpty(environment["JOBS_TEMPLATES_DIR"]) { templatesDirectory = path }
    }

    /// The URL to fetch for a list link: rewritten onto `nhsDDBaseURL` when that is set.
    func pageURL(for referenceURL: String) -> String {
        guard let base = nhsDDBaseURL else { return referenceURL }
        if referenceURL.hasPrefix(Self.defaultNHSDDBaseURL) {
            return base + referenceURL.dropFirst(Self.defaultNHSDDBaseURL.count)
        }
        let file = referenceURL.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return base + file
    }

    /// An absolute path: relative ones are taken from the working directory.
    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let directory = FileManager.default.currentDirectoryPath
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private static func requireHTTP(_ url: String, variable: String) throws(SyncCommandError) {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.count > 8,
            !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
        else {
            throw .configuration(variable: variable, problem: "must be an absolute http or https URL")
        }
    }

    /// `NAME`, or the trimmed content of the file named by `NAME_FILE` (Docker/Kubernetes secrets).
    private static func secret(_ name: String, in environment: [String: String]) throws(SyncCommandError) -> String {
        if let value = nonEmpty(environment[name]) { return value }
        guard let path = nonEmpty(environment[name + "_FILE"]) else { return "" }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration(variable: name + "_FILE", problem: "cannot read the file it names")
        }
        var text = String(decoding: data, as: UTF8.self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

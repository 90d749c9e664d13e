import JobEngine

/// Which healthchecks.io-style ping a run event sends.
public enum PingKind: String, Sendable, CaseIterable {
    /// `<url>/start`: the run started.
    case start
    /// `<url>`: the run succeeded.
    case success
    /// `<url>/fail`: the run failed, timed out, was abandoned or cancelled.
    case fail

    /// The ping for an event; nil when none is due (a run handed back to the queue at shutdown).
    public init?(event: RunEvent) {
        switch event {
        case .started: self = .start
        case .finished(_, let status): self.init(finished: status)
        }
    }

    /// The ping for a run that ended with `status`; nil for `queued` (handed back at shutdown) and `running`.
    public init?(finished status: RunStatus) {
        switch status {
        case .succeeded: self = .success
        case .failed, .timedOut, .abandoned, .cancelled: self = .fail
        case .queued, .running: return nil
        }
    }

    /// The path suffix appended to the configured URL.
    var suffix: String {
        switch self {
        case .start: "/start"
        case .success: ""
        case .fail: "/fail"
        }
    }

    /// The URL to GET: the suffix goes before any query the configured URL has, then `rid=<run id>`.
    func url(base: String, runID: String) -> String {
        let query = base.firstIndex(of: "?")
        var path = String(base[..<(query ?? base.endIndex)])
        while path.hasSuffix("/") { path.removeLast() }
        let existing = query.map { String(base[base.index(after: $0)...]) } ?? ""
        // Run ids are UUIDs; anything else is dropped rather than sent unescaped.
        let safeID = String(runID.unicodeScalars.filter { ("0"..."9").contains($0) || ("a"..."z").contains($0) || $0 == "-" })
        return path + suffix + "?" + (existing.isEmpty ? "" : existing + "&") + "rid=" + safeID
    }
}

import CCurl

/// Per-attempt state shared with libcurl's C callbacks through an unretained pointer.
final class TransferState {
    /// Body bytes of the current response.
    var body: [UInt8] = []
    /// Headers of the current response, names lower-cased.
    var headers: [String: String] = [:]
    /// Set when the write callback refused data because of the size cap.
    var exceededLimit = false
    /// Set when the progress callback aborted because of `shouldCancel`.
    var cancelled = false
    /// Largest accepted body.
    let limit: Int
    /// The caller's cancellation check.
    let shouldCancel: (@Sendable () -> Bool)?
    private var lastHeaderName: String?

    /// Fresh state for one attempt.
    init(limit: Int, shouldCancel: (@Sendable () -> Bool)?) {
        self.limit = limit
        self.shouldCancel = shouldCancel
    }

    /// Appends body bytes; false (abort) once the cap would be exceeded.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Records one raw header line; a status line starts a new response (redirect or 1xx).
    func header(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            body = []
            lastHeaderName = nil
            return
        }
        let trimmed = line.trimmingASCIIWhitespace()
        if trimmed.isEmpty { return }
        if let first = line.first, first == " " || first == "\t", let name = lastHeaderName {
            // obs-fold continuation of the previous header
            headers[name, default: ""] += " " + trimmed
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = trimmed[..<colon].trimmingASCIIWhitespace().lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingASCIIWhitespace()
        if let existing = headers[name] {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
        lastHeaderName = name
    }

    /// True when the caller asked to stop.
    func shouldAbort() -> Bool {
        if let shouldCancel, shouldCancel() {
            cancelled = true
        }
        return cancelled
    }
}

/// libcurl write callback: userdata is an unretained `TransferState`.
let fetchWriteCallback: curl_write_callback = { pointer, size, count, userdata in
    let length = size * count
    guard let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    guard length > 0, let pointer else { return length }
    // Returning less than `length` makes curl stop with CURLE_WRITE_ERROR.
    return state.append(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
}

/// libcurl header callback: one complete header line per call.
let fetchHeaderCallback: curl_write_callback = { pointer, size, count, userdata in
    let length = size * count
    guard let userdata, let pointer else { return length }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    state.header(UnsafeRawBufferPointer(start: pointer, count: length))
    return length
}

/// libcurl progress callback, called about once a second even when idle: non-zero aborts.
let fetchProgressCallback: curl_xferinfo_callback = { userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    return state.shouldAbort() ? 1 : 0
}

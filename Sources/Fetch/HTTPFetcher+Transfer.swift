import CCurl

extension HTTPFetcher {
    /// What one attempt produced when curl completed the transfer (any status).
    struct AttemptOutcome {
        /// HTTP status of the final response.
        let status: Int
        /// Its headers, names lower-cased.
        let headers: [String: String]
        /// Its body.
        let body: [UInt8]
        /// The URL after redirects, when curl reports it.
        let effectiveURL: String?
    }

    /// Rejects anything but absolute http(s) URLs before any I/O.
    static func validate(url: String) throws(FetchError) {
        guard let colon = url.firstIndex(of: ":") else { throw .invalidRequest("URL has no scheme") }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
        guard url[colon...].hasPrefix("://") else { throw .invalidRequest("URL is not absolute") }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw .invalidRequest("URL contains whitespace or control characters")
        }
    }

    /// Builds the request header list; rejects names or values that could inject headers.
    static func headerList(_ headers: [(String, String)]) throws(FetchError) -> CurlStringList {
        var lines: [String] = []
        for (name, value) in headers {
            let validName = !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            guard validName else { throw .invalidRequest("invalid header name") }
            guard !value.containsLineBreakOrNUL else { throw .invalidRequest("header \(name) contains a line break") }
            // "Name;" is curl's way of sending a header with an empty value.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        guard let list = CurlStringList(lines) else { throw .transferFailed("curl_slist_append failed") }
        return list
    }

    /// Options that stay the same for every attempt of one call.
    static func configure(_ easy: CurlEasy, url: String, headers: CurlStringList, options: FetchOptions) throws(CurlFailure) {
        try easy.set(CURLOPT_URL, url)
        try easy.set(CURLOPT_HTTPGET, 1)
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 1)
        try easy.set(CURLOPT_MAXREDIRS, max(0, options.maxRedirects))
        try easy.set(CURLOPT_TIMEOUT_MS, max(1, options.timeout.wholeMilliseconds))
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, max(1, options.connectTimeout.wholeMilliseconds))
        try easy.set(CURLOPT_USERAGENT, options.userAgent)
        // Empty string: accept every encoding this libcurl decodes; the size cap applies to decoded bytes.
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        try easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(max(0, options.maxResponseBytes)))
        try easy.set(CURLOPT_HTTPHEADER, pointer: headers.raw)
        try easy.set(CURLOPT_WRITEFUNCTION, callback: fetchWriteCallback)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: fetchHeaderCallback)
        try easy.set(CURLOPT_XFERINFOFUNCTION, progress: fetchProgressCallback)
        try easy.set(CURLOPT_NOPROGRESS, 0)
    }

    /// One transfer on `easy`; the headers list set by `configure` must still be alive.
    static func attempt(_ easy: CurlEasy, options: FetchOptions) -> Result<AttemptOutcome, FetchError> {
        let state = TransferState(limit: max(0, options.maxResponseBytes), shouldCancel: options.shouldCancel)
        let userdata = UnsafeRawPointer(Unmanaged.passUnretained(state).toOpaque())
        return withExtendedLifetime(state) { () -> Result<AttemptOutcome, FetchError> in
            do throws(CurlFailure) {
                try easy.set(CURLOPT_WRITEDATA, pointer: userdata)
                try easy.set(CURLOPT_HEADERDATA, pointer: userdata)
                try easy.set(CURLOPT_XFERINFODATA, pointer: userdata)
                try easy.perform()
            } catch {
                return .failure(map(error, state: state, limit: options.maxResponseBytes))
            }
            return .success(AttemptOutcome(status: easy.infoLong(CURLINFO_RESPONSE_CODE), headers: state.headers,
                                           body: state.body, effectiveURL: easy.infoString(CURLINFO_EFFECTIVE_URL)))
        }
    }

    /// Turns a curl failure into the public error.
    static func map(_ failure: CurlFailure, state: TransferState, limit: Int) -> FetchError {
        if state.exceededLimit || failure.code == CURLE_FILESIZE_EXCEEDED { return .responseTooLarge(limit: limit) }
        if state.cancelled || failure.code == CURLE_ABORTED_BY_CALLBACK { return .cancelled }
        switch failure.code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR,
            CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            return .connectionFailed(failure.text)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(failure.text)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects(failure.text)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .unsupportedScheme(failure.text)
        case CURLE_URL_MALFORMAT:
            return .invalidRequest(failure.text)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return .tlsFailed(failure.text)
        default:
            return .transferFailed(failure.text)
        }
    }
}

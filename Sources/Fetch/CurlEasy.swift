import CCurl

/// Owns one libcurl easy handle and its error buffer; used by one thread at a time.
final class CurlEasy {
    /// The raw handle, valid until deinit.
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates a handle, or nil when libcurl cannot allocate one.
    init?() {
        Curl.globalInit()
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        // The buffer outlives every perform: it is freed only after curl_easy_cleanup.
        _ = ccurl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sets a long-valued option.
    func set(_ option: CURLoption, _ value: Int) throws(CurlFailure) {
        try check(ccurl_setopt_long(handle, option, value))
    }

    /// Sets a string option; libcurl copies the string.
    func set(_ option: CURLoption, _ value: String) throws(CurlFailure) {
        let code = value.withCString { ccurl_setopt_ptr(handle, option, $0) }
        try check(code)
    }

    /// Sets a pointer option (lists, user data); the caller keeps the pointee alive while it is set.
    func set(_ option: CURLoption, pointer: UnsafeRawPointer?) throws(CurlFailure) {
        try check(ccurl_setopt_ptr(handle, option, pointer))
    }

    /// Sets a curl_off_t option.
    func set(_ option: CURLoption, offset: Int64) throws(CurlFailure) {
        try check(ccurl_setopt_off(handle, option, curl_off_t(offset)))
    }

    /// Sets a data callback (write, read or header function).
    func set(_ option: CURLoption, callback: curl_write_callback) throws(CurlFailure) {
        try check(ccurl_setopt_callback(handle, option, callback))
    }

    /// Sets the transfer-progress callback.
    func set(_ option: CURLoption, progress: curl_xferinfo_callback) throws(CurlFailure) {
        try check(ccurl_setopt_xferinfo(handle, option, progress))
    }

    /// Runs the transfer; on failure the error carries curl's most specific message.
    func perform() throws(CurlFailure) {
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let detail = errorBuffer[0] == 0 ? nil : String(cString: errorBuffer)
            throw CurlFailure(code: code, text: detail)
        }
    }

    /// Reads a long-valued info field (0 when unavailable).
    func infoLong(_ info: CURLINFO) -> Int {
        var value = 0
        return ccurl_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    /// Reads a string info field (nil when unavailable).
    func infoString(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard ccurl_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func check(_ code: CURLcode) throws(CurlFailure) {
        guard code == CURLE_OK else { throw CurlFailure(code: code) }
    }
}

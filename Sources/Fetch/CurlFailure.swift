import CCurl

/// A failed libcurl call: the code plus curl's own error text, mapped to a public error by the caller.
struct CurlFailure: Error {
    /// The libcurl result code.
    let code: CURLcode
    /// curl's error text (never shown to clients).
    let text: String

    /// Wraps `code`; without `text`, curl_easy_strerror supplies the message.
    init(code: CURLcode, text: String? = nil) {
        self.code = code
        self.text = text ?? String(cString: curl_easy_strerror(code))
    }
}

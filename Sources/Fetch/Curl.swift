import CCurl

/// Process-wide libcurl set-up.
public enum Curl {
    // A static let is initialised exactly once, thread-safely (swift_once), on first use.
    private static let initialisation: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// Initialises libcurl for this process; idempotent and safe to call from any thread.
    public static func globalInit() {
        _ = initialisation
    }

    /// The libcurl version string of this process, e.g. "libcurl/7.88.1 OpenSSL/3.0.17 ...".
    public static var version: String {
        String(cString: curl_version())
    }
}

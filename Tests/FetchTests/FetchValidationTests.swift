import Fetch
import Logging
import Testing

@Suite("HTTPFetcher input checks (no network)")
struct FetchValidationTests {
    let fetcher = HTTPFetcher(logger: Logger(label: "test"))

    @Test(arguments: ["ftp://127.0.0.1:1/file", "file:///etc/passwd", "gopher://example.org/", "smtp://127.0.0.1:1"])
    func rejectsNonHTTPSchemesBeforeAnyIO(url: String) {
        let started = ContinuousClock.now
        #expect {
            _ = try fetcher.get(url)
        } throws: { error in
            guard case .unsupportedScheme = error as? FetchError else { return false }
            return (error as? FetchError)?.description == "unsupported URL scheme"
        }
        #expect(ContinuousClock.now - started < .milliseconds(200))
    }

    @Test(arguments: ["not a url", "http:/relative", "http://exa mple.org/"])
    func rejectsMalformedURLs(url: String) {
        #expect {
            _ = try fetcher.get(url)
        } throws: { error in
            guard case .invalidRequest = error as? FetchError else { return false }
            return true
        }
    }

    @Test(arguments: [("X-Evil", "a\r\nInjected: 1"), ("X-Evil", "a\nb"), ("Bad:Name", "v"), ("", "v")])
    func rejectsHeaderInjection(header: (String, String)) {
        #expect {
            _ = try fetcher.get("http://127.0.0.1:1/", headers: [header])
        } throws: { error in
            guard case .invalidRequest = error as? FetchError else { return false }
            return true
        }
    }

    @Test func errorDescriptionsAreSafeAndDebugDescriptionsCarryDetail() {
        #expect(FetchError.connectionFailed("Failed to connect to 10.0.0.1 port 443").description == "connection failed")
        #expect(FetchError.timedOut("Operation timed out after 1000 ms").description == "timed out")
        #expect(FetchError.httpStatus(503).description == "HTTP 503")
        #expect(FetchError.responseTooLarge(limit: 10).description == "response too large")
        #expect(FetchError.unsupportedScheme("ftp").description == "unsupported URL scheme")
        #expect(FetchError.connectionFailed("Failed to connect").debugDescription.contains("Failed to connect"))
    }

    @Test func globalInitIsIdempotent() {
        Curl.globalInit()
        Curl.globalInit()
        #expect(Curl.version.hasPrefix("libcurl/"))
    }
}

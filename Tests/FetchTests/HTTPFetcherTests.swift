import TestSupport
import Dispatch
import Synchronization
import Fetch
import Foundation
import Logging
import Testing

@Suite("HTTPFetcher against the fixture server")
struct HTTPFetcherTests {
    let fetcher = HTTPFetcher(logger: Logger(label: "test"))
    let quickRetry = FetchOptions(retries: 2, backoffBase: .milliseconds(10), backoffCap: .milliseconds(50))

    @Test func returnsJSONBodyAndLowerCasedHeaders() throws {
        let server = try FixtureServer()
        let response = try fetcher.get(server.baseURL + "/rcpch/organisations/limited/")
        #expect(response.status == 200)
        #expect(response.attempts == 1)
        #expect(response.headers["content-type"] == "application/json")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: String]])
        #expect(items.first?["ods_code"] == "RGT01")
        #expect(items.first?["name"] == "ADDENBROOKE'S HOSPITAL")
    }

    @Test func sendsAuthorizationHeaderAndUserAgent() throws {
        let server = try FixtureServer()
        var options = FetchOptions()
        options.userAgent = "checktick-test/1"
        _ = try fetcher.get(server.baseURL + "/rcpch/organisations/limited/",
                            headers: [("Authorization", "Bearer sekret-key")], options: options)
        let log = try server.log(prefix: "/rcpch/")
        let headers = try #require(log.first?["headers"] as? [String: String])
        #expect(headers["Authorization"] == "Bearer sekret-key")
        #expect(headers["User-Agent"] == "checktick-test/1")
    }

    @Test func followsRedirectToHTTP() throws {
        let server = try FixtureServer()
        try server.control(path: "/old", mode: "redirect", ["location": "/rcpch/organisations/limited/"])
        let response = try fetcher.get(server.baseURL + "/old")
        #expect(response.status == 200)
        #expect(response.effectiveURL == server.baseURL + "/rcpch/organisations/limited/")
        #expect(String(decoding: response.body, as: UTF8.self).contains("RGT01"))
    }

    @Test(arguments: ["ftp://127.0.0.1:1/x", "file:///etc/passwd", "gopher://127.0.0.1:1/"])
    func refusesRedirectToNonHTTPScheme(target: String) throws {
        let server = try FixtureServer()
        try server.control(path: "/old", mode: "redirect", ["location": target])
        #expect {
            _ = try fetcher.get(server.baseURL + "/old")
        } throws: { error in
            guard case .unsupportedScheme = error as? FetchError else { return false }
            return true
        }
    }

    @Test func stopsAfterMaxRedirects() throws {
        let server = try FixtureServer()
        try server.control(path: "/loop", mode: "redirect", ["location": "/loop"])
        var options = FetchOptions()
        options.maxRedirects = 2
        #expect {
            _ = try fetcher.get(server.baseURL + "/loop", options: options)
        } throws: { error in
            guard case .tooManyRedirects = error as? FetchError else { return false }
            return true
        }
        #expect(try server.log(prefix: "/loop").count == 3)
    }

    @Test func timesOutFast() throws {
        let server = try FixtureServer()
        try server.control(path: "/slow", mode: "timeout", ["delay": "5"])
        let started = ContinuousClock.now
        #expect {
            _ = try fetcher.get(server.baseURL + "/slow", options: FetchOptions(timeout: .seconds(1)))
        } throws: { error in
            guard case .timedOut = error as? FetchError else { return false }
            return true
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func retriesAfterOne503() throws {
        let server = try FixtureServer()
        try server.control(path: "/rcpch/organisations/limited/", mode: "flaky", ["count": "1"])
        let response = try fetcher.get(server.baseURL + "/rcpch/organisations/limited/", options: quickRetry)
        #expect(response.status == 200)
        #expect(response.attempts == 2)
        #expect(try server.log(prefix: "/rcpch/").count == 2)
    }

    @Test func retriesAfterConnectionDropped() throws {
        let server = try FixtureServer()
        try server.control(path: "/rcpch/organisations/limited/", mode: "fail", ["count": "1"])
        let response = try fetcher.get(server.baseURL + "/rcpch/organisations/limited/", options: quickRetry)
        #expect(response.attempts == 2)
    }

    @Test func doesNotRetry404() throws {
        let server = try FixtureServer()
        #expect(throws: FetchError.httpStatus(404)) {
            _ = try fetcher.get(server.baseURL + "/missing/", options: quickRetry)
        }
        #expect(try server.log(prefix: "/missing/").count == 1)
    }

    @Test func givesUpWithStatusAfterRetries() throws {
        let server = try FixtureServer()
        try server.control(path: "/down", mode: "status", ["status": "503"])
        #expect(throws: FetchError.httpStatus(503)) {
            _ = try fetcher.get(server.baseURL + "/down", options: quickRetry)
        }
        #expect(try server.log(prefix: "/down").count == 3)
    }

    @Test func retries429() throws {
        let server = try FixtureServer()
        try server.control(path: "/rcpch/organisations/limited/", mode: "status", ["status": "429", "count": "1"])
        let response = try fetcher.get(server.baseURL + "/rcpch/organisations/limited/", options: quickRetry)
        #expect(response.attempts == 2)
    }

    @Test func honoursRetryAfterSeconds() throws {
        let server = try FixtureServer()
        try server.control(path: "/rcpch/organisations/limited/", mode: "flaky", ["retry_after": "1"])
        let options = FetchOptions(retries: 1, backoffBase: .milliseconds(10), backoffCap: .seconds(8))
        let started = ContinuousClock.now
        let response = try fetcher.get(server.baseURL + "/rcpch/organisations/limited/", options: options)
        #expect(response.attempts == 2)
        #expect(ContinuousClock.now - started >= .milliseconds(900))
    }

    @Test func capsRetryAfter() throws {
        let server = try FixtureServer()
        try server.control(path: "/rcpch/organisations/limited/", mode: "flaky", ["retry_after": "120"])
        let options = FetchOptions(retries: 1, backoffBase: .milliseconds(10), backoffCap: .milliseconds(200))
        let started = ContinuousClock.now
        let response = try fetcher.get(server.baseURL + "/rcpch/organisations/limited/", options: options)
        #expect(response.attempts == 2)
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test(arguments: [false, true])
    func abortsBodyOverTheCap(withContentLength: Bool) throws {
        let server = try FixtureServer()
        try server.control(path: "/huge", mode: "huge",
                           ["size": "\(200 * 1024 * 1024)", "length": withContentLength ? "true" : "false"])
        let started = ContinuousClock.now
        #expect(throws: FetchError.responseTooLarge(limit: 1024 * 1024)) {
            _ = try fetcher.get(server.baseURL + "/huge", options: FetchOptions(maxResponseBytes: 1024 * 1024))
        }
        // 200 MiB would take far longer on loopback than aborting at 1 MiB does.
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func acceptsBodyExactlyAtTheCapAndRejectsOneByteMore() throws {
        let server = try FixtureServer()
        try server.control(path: "/exact", mode: "huge", ["size": "1000"])
        let response = try fetcher.get(server.baseURL + "/exact", options: FetchOptions(maxResponseBytes: 1000))
        #expect(response.body.count == 1000)
        try server.control(path: "/over", mode: "huge", ["size": "1001"])
        #expect(throws: FetchError.responseTooLarge(limit: 1000)) {
            _ = try fetcher.get(server.baseURL + "/over", options: FetchOptions(maxResponseBytes: 1000))
        }
    }

    @Test func reportsTruncatedBodyAsConnectionFailure() throws {
        let server = try FixtureServer()
        try server.control(path: "/cut", mode: "truncated")
        #expect {
            _ = try fetcher.get(server.baseURL + "/cut")
        } throws: { error in
            guard case .connectionFailed = error as? FetchError else { return false }
            return true
        }
    }

    @Test func returnsMalformedBodyUnchanged() throws {
        let server = try FixtureServer()
        try server.control(path: "/rcpch/organisations/limited/", mode: "malformed")
        let response = try fetcher.get(server.baseURL + "/rcpch/organisations/limited/")
        #expect(response.status == 200)
        #expect((try? JSONSerialization.jsonObject(with: Data(response.body))) == nil)
    }

    @Test func servesHTMLFixture() throws {
        let server = try FixtureServer()
        let response = try fetcher.get(server.baseURL + "/checktick-sync/nhs-dd/data_elements/ethnic_category.html")
        #expect(response.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(String(decoding: response.body, as: UTF8.self).contains("National Codes"))
    }

    @Test func recordsCompletionPings() throws {
        let server = try FixtureServer()
        let response = try fetcher.get(server.baseURL + "/ping/abc-123/fail")
        #expect(response.body == Array("OK".utf8))
        #expect(try server.log(prefix: "/ping/").first?["path"] as? String == "/ping/abc-123/fail")
    }

    @Test func cancelsRunningTransfer() throws {
        let server = try FixtureServer()
        try server.control(path: "/slow", mode: "timeout", ["delay": "5"])
        let started = ContinuousClock.now
        var options = FetchOptions()
        options.shouldCancel = { ContinuousClock.now - started > .milliseconds(300) }
        #expect(throws: FetchError.cancelled) {
            _ = try fetcher.get(server.baseURL + "/slow", options: options)
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func failsToConnectToClosedPort() throws {
        let server = try FixtureServer()
        let url = server.baseURL + "/rcpch/organisations/limited/"
        server.stop()
        #expect {
            _ = try fetcher.get(url)
        } throws: { error in
            guard case .connectionFailed = error as? FetchError else { return false }
            return (error as? FetchError)?.description == "connection failed"
        }
    }

    @Test func worksFromManyThreadsAtOnce() throws {
        let server = try FixtureServer()
        let url = server.baseURL + "/rcpch/organisations/limited/"
        let fetcher = self.fetcher
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 24) { _ in
            do {
                let response = try fetcher.get(url)
                if !String(decoding: response.body, as: UTF8.self).contains("RGT01") { failures.withLock { $0 += 1 } }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(try server.log(prefix: "/rcpch/").count == 24)
    }
}

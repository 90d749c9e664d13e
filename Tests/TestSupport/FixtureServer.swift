import Fetch
import Foundation
import Logging
import Testing

/// The HTTP fixture server (Tests/Fixtures/fixture_server.py) for one test.
public final class FixtureServer {
    /// Base URL, e.g. http://127.0.0.1:4711
    public let baseURL: String
    private let process: FixtureProcess
    private let fetcher = HTTPFetcher(logger: Logger(label: "fixture-control"))

    /// Starts a server on a free port serving Tests/Fixtures/www.
    public init() throws {
        process = try FixtureProcess(script: "fixture_server.py", arguments: ["0"])
        baseURL = "http://127.0.0.1:\(process.port)"
    }

    /// Sets a behaviour for `path` through GET /_control.
    public func control(path: String, mode: String, _ fields: [String: String] = [:]) throws {
        var items = [URLQueryItem(name: "path", value: path), URLQueryItem(name: "mode", value: mode)]
        items += fields.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        var components = URLComponents(string: baseURL + "/_control")!
        components.queryItems = items
        // '+' and '&' inside values must not be read as separators.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        _ = try fetcher.get(components.string!)
    }

    /// The requests the server received whose path starts with `prefix`.
    public func log(prefix: String = "") throws -> [[String: Any]] {
        let response = try fetcher.get(baseURL + "/_log?prefix=" + prefix)
        return try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
    }

    /// Stops the server.
    public func stop() {
        process.stop()
    }
}

import Foundation
import Testing

/// The SMTP sink (Tests/Fixtures/smtp_sink.py) for one test, writing into its own temp folder.
public final class SMTPSink {
    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// The folder with msg-*.json, connections.txt and the switch files.
    public let directory: URL
    private let process: FixtureProcess

    /// Starts a sink on a free port.
    public init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("smtp-sink-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = try FixtureProcess(script: "smtp_sink.py", arguments: ["0", directory.path], readyLine: "READY")
        port = process.port
    }

    deinit {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops listening (SMTP server down).
    public func stop() {
        process.stop()
    }

    /// Creates or removes a switch file (REFUSE, DROP_ONCE).
    public func setSwitch(_ name: String, _ on: Bool) throws {
        let url = directory.appendingPathComponent(name)
        if on {
            try Data().write(to: url)
        } else {
            try? FileManager.default.removeItem(at: url)
        }
    }

    /// Every stored message, in arrival order.
    public func messages() throws -> [[String: Any]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("msg-") && $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }

    /// Number of distinct SMTP connections that reached DATA.
    public func connections() throws -> Int {
        let text = try String(contentsOf: directory.appendingPathComponent("connections.txt"), encoding: .utf8)
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}

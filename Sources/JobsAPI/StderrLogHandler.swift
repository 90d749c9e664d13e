import Glibc
import HTTPServer
import Logging

/// A swift-log handler writing one line per message to stderr, as text or JSON (`JOBS_LOG_FORMAT`).
public struct StderrLogHandler: LogHandler {
    /// Output shape.
    public enum Format: String, Sendable {
        case text
        case json
    }

    /// Logger label (`checktick-jobs`).
    public let label: String
    /// Line format.
    public let format: Format
    /// Minimum level written.
    public var logLevel: Logger.Level
    /// Metadata attached to every message of this logger.
    public var metadata: Logger.Metadata = [:]

    /// Creates a handler.
    public init(label: String, format: Format, level: Logger.Level) {
        self.label = label
        self.format = format
        self.logLevel = level
    }

    /// Metadata by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let time = Self.timestamp()
        var line: String
        switch format {
        case .text:
            line = "\(time) \(event.level.rawValue.uppercased()) \(event.message)"
            for key in merged.keys.sorted() {
                line += " \(key)=\(Self.textValue(merged[key]!))"
            }
        case .json:
            line = "{\"ts\":\"\(time)\",\"level\":\"\(event.level.rawValue)\",\"msg\":\(JSONText.quoted(event.message.description))"
            for key in merged.keys.sorted() {
                line += ",\(JSONText.quoted(key)):\(JSONText.quoted(Self.textValue(merged[key]!)))"
            }
            line += "}"
        }
        line += "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private static func textValue(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): return text.contains(" ") ? "\"\(text)\"" : text
        case .stringConvertible(let item): return item.description
        case .array(let items): return "[" + items.map(textValue).joined(separator: ",") + "]"
        case .dictionary(let items): return "{" + items.keys.sorted().map { "\($0)=\(textValue(items[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    private static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let millis = Int32(spec.tv_nsec / 1_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(millis, 3))Z"
    }
}

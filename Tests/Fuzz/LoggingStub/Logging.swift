// A do-nothing stand-in for swift-log's `Logging` module, used only by the fuzzer build
// (scripts/fuzz). The fuzzer compiles Sources/HTTPServer with swiftc directly and never logs;
// stubbing the few declarations HTTPServer uses avoids resolving and building the real package.
// If HTTPServer starts using more of swift-log, add the declaration here.

/// A logger that discards every message.
public struct Logger: Sendable {
    /// Metadata attached to a message.
    public typealias Metadata = [String: MetadataValue]

    /// A metadata value.
    public enum MetadataValue: Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation,
        ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral
    {
        case string(String)
        case stringConvertible(any CustomStringConvertible & Sendable)
        case dictionary(Metadata)
        case array([MetadataValue])

        /// A string value.
        public init(stringLiteral value: String) { self = .string(value) }
        /// A dictionary value.
        public init(dictionaryLiteral elements: (String, MetadataValue)...) {
            self = .dictionary(Dictionary(elements, uniquingKeysWith: { $1 }))
        }
        /// An array value.
        public init(arrayLiteral elements: MetadataValue...) { self = .array(elements) }
    }

    /// A log message.
    public struct Message: Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
        /// The text.
        public let text: String
        /// A message from a literal.
        public init(stringLiteral value: String) { text = value }
    }

    /// Log levels, lowest first.
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case trace, debug, info, notice, warning, error, critical

        /// Orders levels by severity.
        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The logger's label.
    public let label: String
    /// The lowest level that would be logged.
    public var logLevel: Level = .info
    /// Metadata added to every message.
    public subscript(metadataKey key: String) -> MetadataValue? {
        get { nil }
        set {}
    }

    /// A logger called `label`.
    public init(label: String) { self.label = label }

    /// Discards the message.
    public func log(
        level: Level, _ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil,
        source: @autoclosure () -> String? = nil, file: String = #fileID, function: String = #function,
        line: UInt = #line
    ) {}

    /// Discards the message.
    public func trace(_ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil) {}
    /// Discards the message.
    public func debug(_ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil) {}
    /// Discards the message.
    public func info(_ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil) {}
    /// Discards the message.
    public func notice(_ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil) {}
    /// Discards the message.
    public func warning(_ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil) {}
    /// Discards the message.
    public func error(_ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil) {}
    /// Discards the message.
    public func critical(_ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil) {}
}

/// A type whose Swift arrays bind as, and decode from, one-dimensional PostgreSQL arrays
/// (`text[]`, `bigint[]`, `uuid[]`, ...), e.g. for `WHERE id = ANY(\(ids))`.
///
/// `UInt8` is the exception: `[UInt8]` is `bytea`.
public protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    /// The text input form of an array of this type.
    static func postgresText(ofArray elements: [Self]) -> String
    /// Decodes an array of this type from its text output form; nil when malformed or holding NULL.
    static func decodeArray(postgresText bytes: UnsafeBufferPointer<UInt8>) -> [Self]?
}

extension PostgresArrayElement {
    /// An array literal with every element double-quoted, `"` and `\` escaped: `{"a","b \"c\""}`.
    public static func postgresText(ofArray elements: [Self]) -> String {
        // Built as UTF-8 bytes: `"` and `\` are ASCII, so escaping byte by byte keeps multi-byte
        // characters intact (batched inserts encode thousands of elements a second).
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard let text = element.postgresText else {
                out.append(contentsOf: "NULL".utf8)
                continue
            }
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `{a,"b c",...}` (optionally with a `[1:3]=` bounds prefix); NULL elements fail.
    public static func decodeArray(postgresText bytes: UnsafeBufferPointer<UInt8>) -> [Self]? {
        var elements: [Self] = []
        let ok = PostgresArrayLiteral.forEachElement(in: bytes) { element in
            guard let element, let value = Self(postgresText: element) else { return false }
            elements.append(value)
            return true
        }
        return ok ? elements : nil
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// The array's text input form (bytea hex for `[UInt8]`).
    public var postgresText: String? { Element.postgresText(ofArray: self) }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    /// Decodes the array's text output form (bytea hex for `[UInt8]`).
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        guard let decoded = Element.decodeArray(postgresText: bytes) else { return nil }
        self = decoded
    }
}

/// A Swift value that can be sent as a bind parameter, in PostgreSQL's text input format.
///
/// Conform a `String`- or `Int`-backed enum by declaring the conformance: the default uses its raw value.
public protocol PostgresEncodable: Sendable {
    /// The value in PostgreSQL's text input format; nil binds NULL.
    var postgresText: String? { get }
}

/// A Swift value that can be decoded from PostgreSQL's text output format.
///
/// Conform a `String`- or `Int`-backed enum by declaring the conformance: the default uses its raw value.
public protocol PostgresDecodable {
    /// Decodes a non-NULL value; nil when the text is not a valid value of this type.
    init?(postgresText bytes: UnsafeBufferPointer<UInt8>)
}

extension PostgresEncodable where Self: RawRepresentable, RawValue: PostgresEncodable {
    /// The raw value's text.
    public var postgresText: String? { rawValue.postgresText }
}

extension PostgresDecodable where Self: RawRepresentable, RawValue: PostgresDecodable {
    /// Decodes the raw value, then the enum case; nil for an unknown raw value.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        guard let raw = RawValue(postgresText: bytes) else { return nil }
        self.init(rawValue: raw)
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// The wrapped value's text, or nil (NULL).
    public var postgresText: String? {
        switch self {
        case .some(let value): return value.postgresText
        case .none: return nil
        }
    }
}

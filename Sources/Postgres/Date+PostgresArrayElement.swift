import FoundationEssentials

extension Date: PostgresArrayElement {
    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` (timestamptz input, UTC, microseconds).
    public var postgresText: String? { PostgresTimestamp.format(self) }

    /// Parses timestamptz output in any UTC offset, with or without fractional seconds;
    /// `infinity` and `-infinity` fail.
    public init?(postgresText bytes: UnsafeBufferPointer<UInt8>) {
        guard let date = PostgresTimestamp.parse(bytes) else { return nil }
        self = date
    }
}

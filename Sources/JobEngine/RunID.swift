import FoundationEssentials
import Postgres

/// Run ids: random (version 4) UUIDs in lowercase text, the form PostgreSQL prints them in.
///
/// Drawn from `SecureRandom`, one call per batch. (`UUID()` here opens and reads `/dev/urandom` for
/// every id, which showed up in the trigger path's profile.)
enum RunID {
    /// One new id.
    static func make() -> String {
        make(count: 1)[0]
    }

    /// `count` new ids.
    static func make(count: Int) -> [String] {
        let bytes = SecureRandom.bytes(count: count * 16)
        return (0..<count).map { index in
            var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[(index * 16)..<(index * 16 + 16)]) }
            value.6 = (value.6 & 0x0F) | 0x40  // version 4
            value.8 = (value.8 & 0x3F) | 0x80  // RFC 9562 variant
            return UUID(uuid: value).postgresText!
        }
    }
}

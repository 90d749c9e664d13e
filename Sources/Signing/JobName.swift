/// Validation of job names used in key restrictions and presigned paths.
enum JobName {
    /// Longest accepted job name, in bytes.
    static let maxBytes = 64

    /// True for 1–64 characters of `A–Z a–z 0–9 _ -`: safe in a URL path without escaping.
    static func isValid(_ name: some StringProtocol) -> Bool {
        let utf8 = name.utf8
        guard !utf8.isEmpty, utf8.count <= maxBytes else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}

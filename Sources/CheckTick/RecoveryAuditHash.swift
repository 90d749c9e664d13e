/// The JSON document CheckTick's `RecoveryAuditEntry` hashes (SHA-256 hex of `json.dumps(..., sort_keys=True)`),
/// reproduced byte for byte: Python's default separators, sorted keys, `ensure_ascii` escapes.
enum RecoveryAuditHash {
    /// The hashed document for a system event whose details are `{"time_delay_hours": hours}`.
    /// `timestamp` is the stored timestamp in `isoformat()` form, so the chain verifies against the saved row.
    static func document(
        requestID: String, timestamp: String, eventType: String, severity: String, actorType: String,
        timeDelayHours: Int, previousHash: String
    ) -> String {
        "{\"actor_email\": null, \"actor_id\": null, \"actor_type\": \(quote(actorType)), "
            + "\"details\": {\"time_delay_hours\": \(timeDelayHours)}, \"event_type\": \(quote(eventType)), "
            + "\"previous_hash\": \(quote(previousHash)), \"recovery_request_id\": \(quote(requestID)), "
            + "\"severity\": \(quote(severity)), \"timestamp\": \(quote(timestamp))}"
    }

    /// A JSON string as Python's `json.dumps` writes it with `ensure_ascii=True`.
    static func quote(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }
}

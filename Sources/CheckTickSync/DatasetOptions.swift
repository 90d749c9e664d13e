import JobEngine

/// A dataset's options `{code: label}` in insertion order (later duplicates replace the label in place).
struct DatasetOptions: Sendable, Equatable {
    /// Codes in first-seen order.
    private(set) var codes: [String] = []
    /// Labels by code.
    private(set) var labels: [String: JSONValue] = [:]

    /// Number of distinct codes.
    var count: Int { codes.count }
    /// Whether no option was found.
    var isEmpty: Bool { codes.isEmpty }

    /// Sets the label of `code` (like assigning to a Python dict).
    mutating func set(_ code: String, _ label: JSONValue) {
        if labels.updateValue(label, forKey: code) == nil { codes.append(code) }
    }

    /// Sets a text label.
    mutating func set(_ code: String, _ label: String) {
        set(code, .string(label))
    }

    /// The label of `code`, if present.
    subscript(code: String) -> JSONValue? { labels[code] }

    /// The options as a JSON object text (keys in insertion order; jsonb will reorder them anyway).
    var jsonText: String {
        var text = "{"
        for (index, code) in codes.enumerated() {
            if index > 0 { text += "," }
            text += JSONText.quoted(code) + ":" + JSONText.encode(labels[code] ?? .null)
        }
        return text + "}"
    }
}

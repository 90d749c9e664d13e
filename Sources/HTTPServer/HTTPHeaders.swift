/// An ordered list of header fields whose names compare case-insensitively (ASCII).
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// An empty header list.
    public init() {
        fields = []
    }

    /// A header list with these fields, in order.
    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// A header list from a literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// An empty list with room for `capacity` fields.
    init(reservingCapacity capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value of `name`; setting replaces every field of that name (nil removes them).
    public subscript(name: String) -> String? {
        get {
            let length = name.utf8.count
            for index in fields.indices where fields[index].name.utf8.count == length {
                // Parsed well-known names are the same literals as the callers' (equal at once).
                if fields[index].name == name || ASCII.caseInsensitiveEquals(fields[index].name, name) {
                    return fields[index].value
                }
            }
            return nil
        }
        set {
            remove(name)
            if let newValue {
                fields.append((name: name, value: newValue))
            }
        }
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { ASCII.caseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// Whether a field called `name` is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { ASCII.caseInsensitiveEquals($0.name, name) }
    }

    /// Whether any `name` field holds `token` in its comma-separated list (e.g. `Connection: close`).
    public func containsToken(_ token: String, in name: String) -> Bool {
        for field in fields where ASCII.caseInsensitiveEquals(field.name, name) {
            for element in field.value.utf8.split(separator: UInt8(ascii: ",")) {
                if ASCII.caseInsensitiveEquals(ASCII.trimmed(element), token.utf8) { return true }
            }
        }
        return false
    }

    /// Appends a field, keeping any existing fields of that name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field called `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { ASCII.caseInsensitiveEquals($0.name, name) }
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// Equal when both hold the same fields in the same order (names compared case-insensitively).
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.fields.count == rhs.fields.count else { return false }
        for (left, right) in zip(lhs.fields, rhs.fields) {
            if !ASCII.caseInsensitiveEquals(left.name, right.name) || left.value != right.value { return false }
        }
        return true
    }
}

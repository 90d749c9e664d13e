/// The `{name}` values a route captured, percent-decoded: `request.parameters["id"]`.
///
/// Routes capture one or two values, so the first two live inline and only a third would allocate: a
/// request's parameters cost no dictionary (no storage, no hashing) on the way in or out.
public struct RouteParameters: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    public typealias Element = (name: String, value: String)

    private var first: Element?
    private var second: Element?
    private var rest: [Element] = []

    /// No parameters.
    public init() {}

    /// Parameters from a literal, e.g. `["name": "cleanup"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// How many parameters there are.
    public var count: Int { (first == nil ? 0 : 1) + (second == nil ? 0 : 1) + rest.count }

    /// Whether there are none.
    public var isEmpty: Bool { first == nil }

    /// The value captured as `name`; setting replaces it (nil removes it).
    public subscript(name: String) -> String? {
        get {
            if let first, first.name == name { return first.value }
            if let second, second.name == name { return second.value }
            return rest.first { $0.name == name }?.value
        }
        set {
            var all = Array(self).filter { $0.name != name }
            if let newValue { all.append((name: name, value: newValue)) }
            self = RouteParameters()
            for element in all { append(element) }
        }
    }

    /// Adds a value for a name not yet captured (the router's own path).
    mutating func append(_ element: Element) {
        if first == nil {
            first = element
        } else if second == nil {
            second = element
        } else {
            rest.append(element)
        }
    }

    /// In capture order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        ([first, second].compactMap { $0 } + rest).makeIterator()
    }

    /// Equal when they hold the same names and values, in any order.
    public static func == (lhs: RouteParameters, rhs: RouteParameters) -> Bool {
        lhs.count == rhs.count && lhs.allSatisfy { rhs[$0.name] == $0.value }
    }
}

/// A route pattern such as `/runs/{id}/cancel`: literal segments and whole-segment parameters.
struct RoutePattern: Sendable {
    /// One `/`-separated part of a pattern.
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The pattern as registered.
    let text: String
    /// The parsed segments after the leading `/`.
    let segments: [Segment]

    /// Whether the pattern has no parameters, so it can be looked up by exact path.
    var isLiteral: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// Parses `text`; a malformed pattern is a programming error.
    init(_ text: String) {
        precondition(text.hasPrefix("/"), "route pattern must start with '/': \(text)")
        self.text = text
        segments = text.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { raw in
                let segment = String(Substring(raw))
                if segment.hasPrefix("{") && segment.hasSuffix("}") && segment.count > 2 {
                    return .parameter(String(segment.dropFirst().dropLast()))
                }
                precondition(!segment.contains("{") && !segment.contains("}"), "malformed route segment: \(text)")
                return .literal(segment)
            }
    }

    /// The decoded parameters when `path` matches, else nil. Literal segments compare raw;
    /// a parameter must be non-empty and percent-decode to valid UTF-8.
    func match(_ path: String) -> [String: String]? {
        let utf8 = path.utf8
        guard utf8.first == UInt8(ascii: "/") else { return nil }
        var parameters: [String: String] = [:]
        var rest = utf8.dropFirst()
        for (position, segment) in segments.enumerated() {
            let isLast = position == segments.count - 1
            let end = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            if isLast && end != rest.endIndex { return nil }
            if !isLast && end == rest.endIndex { return nil }
            let piece = rest[rest.startIndex..<end]
            switch segment {
            case .literal(let literal):
                guard piece.elementsEqual(literal.utf8) else { return nil }
            case .parameter(let name):
                guard !piece.isEmpty, let value = PercentDecoding.decode(piece, plusIsSpace: false) else { return nil }
                parameters[name] = value
            }
            rest = isLast ? rest[end...] : rest[rest.index(after: end)...]
        }
        return parameters
    }
}

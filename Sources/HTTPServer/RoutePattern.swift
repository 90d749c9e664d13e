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

    /// Whether `path` matches; on a match the captured values are added to `parameters` (on a
    /// mismatch `parameters` is left as it was). Literal segments compare raw; a parameter must be
    /// non-empty and percent-decode to valid UTF-8.
    func match(_ path: String, into parameters: inout RouteParameters) -> Bool {
        let captured: RouteParameters?
        if let result = path.utf8.withContiguousStorageIfAvailable({ match(bytes: $0) }) {
            captured = result
        } else {
            captured = Array(path.utf8).withUnsafeBufferPointer { match(bytes: $0) }
        }
        guard let captured else { return false }
        if !captured.isEmpty {
            if parameters.isEmpty { parameters = captured } else { for element in captured { parameters.append(element) } }
        }
        return true
    }

    private func match(bytes path: UnsafeBufferPointer<UInt8>) -> RouteParameters? {
        guard path.first == UInt8(ascii: "/") else { return nil }
        var parameters = RouteParameters()
        var start = 1
        for position in segments.indices {
            let isLast = position == segments.count - 1
            var end = start
            while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
            if isLast != (end == path.count) { return nil }
            let piece = UnsafeBufferPointer(rebasing: path[start..<end])
            switch segments[position] {
            case .literal(let literal):
                guard literal.utf8.count == piece.count, literal.utf8.elementsEqual(piece) else { return nil }
            case .parameter(let name):
                guard !piece.isEmpty, let value = PercentDecoding.decode(piece, plusIsSpace: false) else { return nil }
                parameters.append((name: name, value: value))
            }
            start = end + 1
        }
        return parameters
    }
}

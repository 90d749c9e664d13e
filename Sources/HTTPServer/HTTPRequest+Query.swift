extension HTTPRequest {
    /// The query's `name=value` pairs in order, decoded as `application/x-www-form-urlencoded`
    /// (`+` is a space, `%XX` escapes); pairs that do not decode are skipped.
    public var queryItems: [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        for pair in query.utf8.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusIsSpace: true) else { continue }
            let rawValue = parts.count > 1 ? parts[1] : pair[pair.endIndex...]
            guard let value = PercentDecoding.decode(rawValue, plusIsSpace: true) else { continue }
            items.append((name: name, value: value))
        }
        return items
    }

    /// The decoded value of the first query item called `name`.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}

import Glibc

/// Reads settings from an environment dictionary, with `<NAME>_FILE` indirection for secrets.
public struct Environment: Sendable {
    /// The raw variables.
    public let values: [String: String]

    /// Wraps a dictionary (tests pass their own).
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The process environment.
    public static func process() -> Environment {
        var values: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return Environment(values)
    }

    /// A non-empty value, or nil.
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A secret: `NAME`, or the contents of the file named by `NAME_FILE` (trailing newline removed).
    public func secret(_ name: String) throws(ConfigurationError) -> String? {
        if let path = string(name + "_FILE") {
            if string(name) != nil {
                throw ConfigurationError(name, "set either \(name) or \(name)_FILE, not both")
            }
            guard let text = Self.readFile(path) else {
                throw ConfigurationError(name + "_FILE", "cannot read the file it names")
            }
            var trimmed = Substring(text)
            while let last = trimmed.last, last == "\n" || last == "\r" { trimmed.removeLast() }
            return trimmed.isEmpty ? nil : String(trimmed)
        }
        return string(name)
    }

    /// A whole number within a range, or the default when unset.
    public func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A boolean (`true/false/1/0/yes/no/on/off`), or the default when unset.
    public func bool(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let text = string(name)?.lowercased() else { return defaultValue }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(name, "must be true or false")
        }
    }

    /// One of a fixed set of words, or the default when unset.
    public func choice(_ name: String, _ choices: [String], default defaultValue: String) throws(ConfigurationError) -> String {
        guard let text = string(name)?.lowercased() else { return defaultValue }
        guard choices.contains(text) else {
            throw ConfigurationError(name, "must be one of \(choices.joined(separator: ", "))")
        }
        return text
    }

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count { break }
            if bytes.count > 1 << 20 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

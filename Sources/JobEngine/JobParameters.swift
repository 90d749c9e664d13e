import FoundationEssentials

/// Validated option values for one run, keyed by parameter name.
public struct JobParameters: Sendable, Equatable {
    /// The values that were given; absent options keep their defaults (false / nil).
    public private(set) var values: [String: JSONValue]

    /// No options.
    public static let none = JobParameters(values: [:])

    /// Wraps already-validated values.
    public init(values: [String: JSONValue]) {
        self.values = values
    }

    /// A boolean option; false when absent.
    public func bool(_ name: String) -> Bool {
        if case .bool(let value)? = values[name] { return value }
        return false
    }

    /// A string option; nil when absent.
    public func string(_ name: String) -> String? {
        if case .string(let value)? = values[name] { return value }
        return nil
    }

    /// Validates a JSON trigger body (empty means no options) against the job's accepted parameters.
    public static func parse(json body: [UInt8], for descriptor: JobDescriptor) throws(JobEngineError) -> JobParameters {
        // Empty and `{}` (what schedulers send) need no JSON decoder.
        let meaningful = body.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if meaningful.isEmpty || meaningful == [UInt8(ascii: "{"), UInt8(ascii: "}")] {
            return .none
        }
        let decoded: JSONValue
        do {
            decoded = try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw .invalidParameters("request body is not valid JSON")
        }
        guard case .object(let object) = decoded else {
            throw .invalidParameters("request body must be a JSON object")
        }
        return try validate(object, for: descriptor)
    }

    /// Checks each key and value type against the job's parameters.
    public static func validate(_ object: [String: JSONValue], for descriptor: JobDescriptor) throws(JobEngineError) -> JobParameters {
        for key in object.keys.sorted() {
            guard let parameter = descriptor.parameter(named: key) else {
                throw .invalidParameters("unknown parameter '\(key.prefix(64))' for job \(descriptor.name)")
            }
            let value = object[key]!
            switch (parameter.kind, value) {
            case (.bool, .bool), (.string, .string):
                continue
            case (.string, .null), (.bool, .null):
                continue
            default:
                throw .invalidParameters("parameter '\(key)' must be a \(parameter.kind == .bool ? "boolean" : "string"), not \(value.typeName)")
            }
        }
        if let value = object.first(where: { if case .string(let s) = $0.value { return s.utf8.count > 200 } else { return false } }) {
            throw .invalidParameters("parameter '\(value.key)' is too long")
        }
        return JobParameters(values: object.filter { $0.value != .null })
    }

    /// The values as a compact JSON object (stored in `runs.params`).
    public var jsonText: String {
        if values.isEmpty { return "{}" }
        let data = (try? JSONEncoder.sorted.encode(values)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, for stable stored and hashed JSON.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

import JobEngine
import Yams

/// Converts composed YAML nodes to JSON values the way PyYAML's `safe_load` + `json.dumps` would.
enum YAMLJSON {
    /// The JSON value of a node: resolved ints, floats, booleans and nulls keep their type.
    static func value(_ node: Node) -> JSONValue {
        switch node {
        case .scalar:
            switch Tag.Name(rawValue: node.tag.description) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(node.scalar?.string ?? "")
            case .int: return node.int.map { .number(Double($0)) } ?? .string(node.scalar?.string ?? "")
            case .float:
                guard let number = node.float, number.isFinite else { return .string(node.scalar?.string ?? "") }
                return .number(number)
            default: return .string(node.scalar?.string ?? "")
            }
        case .sequence(let sequence):
            return .array(sequence.map(value))
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, item) in mapping where members[keyText(key)] == nil {
                members[keyText(key)] = value(item)
            }
            return .object(members)
        }
    }

    /// A mapping key as the JSON object key.
    static func keyText(_ node: Node) -> String {
        text(node)
    }

    /// A node as Python's `str()` of the loaded value would print it.
    static func text(_ node: Node) -> String {
        if case .scalar = node, Tag.Name(rawValue: node.tag.description) == .float, let number = node.float, number.isFinite,
            number.rounded() == number, abs(number) < 1e15
        {
            return "\(Int64(number)).0"
        }
        switch value(node) {
        case .null: return "None"
        case .string(let string): return string
        case let other: return JSONText.pythonText(other)
        }
    }
}

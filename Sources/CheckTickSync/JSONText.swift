import FoundationEssentials
import JobEngine

/// Small JSON helpers: serialising values and naming their types the way Python does.
enum JSONText {
    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A JSON document for the value.
    static func encode(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return numberText(number)
        case .string(let text): return quoted(text)
        case .array(let items): return "[" + items.map(encode).joined(separator: ",") + "]"
        case .object(let members):
            let body = members.keys.sorted().map { quoted($0) + ":" + encode(members[$0]!) }
            return "{" + body.joined(separator: ",") + "}"
        }
    }

    /// A JSON array of strings.
    static func encode(strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ",") + "]"
    }

    /// Integral values without a fraction, others in shortest form; non-finite values become null.
    static func numberText(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number.rounded() == number, abs(number) < 9e15 { return String(Int64(number)) }
        return String(number)
    }

    /// How Python's `str()` shows a JSON value (for dict keys and f-strings).
    static func pythonText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .number(let number): return numberText(number)
        case .string(let text): return text
        case .array, .object: return encode(value)
        }
    }

    /// Python's `type(value)` text, e.g. `<class 'dict'>`.
    static func pythonType(_ value: JSONValue) -> String {
        let name: String
        switch value {
        case .null: name = "NoneType"
        case .bool: name = "bool"
        case .number(let number): name = number.rounded() == number ? "int" : "float"
        case .string: name = "str"
        case .array: name = "list"
        case .object: name = "dict"
        }
        return "<class '\(name)'>"
    }
}

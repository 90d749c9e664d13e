import FoundationEssentials
import JobEngine

extension ExternalDataset {
    /// Decodes a response body and turns it into options (CheckTick's `_transform_response_to_options`).
    func options(fromBody body: [UInt8]) throws(SyncCommandError) -> DatasetOptions {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw .datasetFetch("API request failed: response is not valid JSON")
        }
        return try options(from: document)
    }

    /// Applies this dataset's item rules; items that are not objects or lack fields are skipped.
    func options(from document: JSONValue) throws(SyncCommandError) -> DatasetOptions {
        guard case .array(let items) = document else {
            throw .datasetFetch("Expected list response for \(key), got \(JSONText.pythonType(document))")
        }
        var options = DatasetOptions()
        for item in items {
            guard case .object(let fields) = item else { continue }
            switch shape {
            case .flat(let codeField):
                guard let code = fields[codeField], let name = fields["name"] else { continue }
                options.set(JSONText.pythonText(code), name)
            case .healthBoards:
                guard let code = fields["ods_code"], let name = fields["name"] else { continue }
                options.set(JSONText.pythonText(code), name)
                guard case .array(let organisations)? = fields["organisations"] else { continue }
                for case .object(let organisation) in organisations {
                    guard let childCode = organisation["ods_code"], let childName = organisation["name"] else {
                        continue
                    }
                    // Two leading spaces show the hierarchy in CheckTick's dropdowns.
                    options.set(JSONText.pythonText(childCode), "  " + JSONText.pythonText(childName))
                }
            case .diabetesUnits:
                guard let unitCode = fields["pz_code"] else { continue }
                let (code, label) = Self.diabetesUnitOption(fields, unitCode: unitCode)
                if let label, label.isTruthy {
                    options.set(JSONText.pythonText(code), label)
                } else {
                    options.set(JSONText.pythonText(code), "PDU " + JSONText.pythonText(code))
                }
            }
        }
        guard !options.isEmpty else { throw .datasetFetch("No valid options found in response for \(key)") }
        return options
    }

    /// The lead organisation (`primary_organisation`, else `parent`) gives the label and, with it, the code.
    private static func diabetesUnitOption(_ fields: [String: JSONValue], unitCode: JSONValue) -> (JSONValue, JSONValue?) {
        let lead: [String: JSONValue]?
        if case .object(let primary)? = fields["primary_organisation"] {
            lead = primary
        } else if case .object(let parent)? = fields["parent"] {
            lead = parent
        } else {
            lead = nil
        }
        guard let lead, let name = lead["name"] else { return (unitCode, nil) }
        return (lead["ods_code"] ?? unitCode, name)
    }
}

extension JSONValue {
    /// Python truthiness of a JSON value.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        case .number(let number): number != 0
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        }
    }
}

import JobEngine
import Testing

@testable import CheckTickSync

/// CheckTick's `_transform_response_to_options` rules, without network.
@Suite("RCPCH response transforms")
struct ExternalDatasetTransformTests {
    func dataset(_ key: String) throws -> ExternalDataset {
        try #require(ExternalDataset.catalogue.first { $0.key == key })
    }

    func transform(_ key: String, _ json: String) throws -> DatasetOptions {
        try dataset(key).options(fromBody: Array(json.utf8))
    }

    @Test func catalogueHasTheSevenDatasetsInOrder() {
        #expect(ExternalDataset.catalogue.map(\.key) == [
            "hospitals_england_wales", "nhs_trusts", "welsh_lhbs", "london_boroughs", "nhs_england_regions",
            "paediatric_diabetes_units", "integrated_care_boards",
        ])
        #expect(ExternalDataset.catalogue.map(\.endpoint) == [
            "/organisations/limited/", "/trusts/", "/local_health_boards/", "/london_boroughs/",
            "/nhs_england_regions/", "/paediatric_diabetes_units/", "/integrated_care_boards/",
        ])
    }

    @Test func skipsItemsThatAreNotObjectsOrLackFields() throws {
        let options = try transform("london_boroughs", #"[{"name": "Westminster", "gss_code": "E09000033"}, {"name": "x"}, 3, null]"#)
        #expect(options.count == 1)
        #expect(options["E09000033"] == .string("Westminster"))
    }

    @Test func laterDuplicatesOverwrite() throws {
        let options = try transform("nhs_england_regions", #"[{"region_code": "Y58", "name": "A"}, {"region_code": "Y58", "name": "B"}]"#)
        #expect(options.count == 1)
        #expect(options["Y58"] == .string("B"))
    }

    @Test(arguments: [
        (#"{"a": 1}"#, "<class 'dict'>"), (#""text""#, "<class 'str'>"), ("42", "<class 'int'>"), ("null", "<class 'NoneType'>"),
    ])
    func nonListResponseNamesPythonType(body: String, type: String) throws {
        #expect(throws: SyncCommandError.datasetFetch("Expected list response for nhs_trusts, got \(type)")) {
            _ = try transform("nhs_trusts", body)
        }
    }

    @Test func emptyResultIsAnError() throws {
        #expect(throws: SyncCommandError.datasetFetch("No valid options found in response for integrated_care_boards")) {
            _ = try transform("integrated_care_boards", #"[{"name": "no code"}]"#)
        }
    }

    @Test func invalidJSONIsAnAPIRequestFailure() throws {
        #expect(throws: SyncCommandError.datasetFetch("API request failed: response is not valid JSON")) {
            _ = try transform("nhs_trusts", #"[{"name": "#)
        }
    }

    @Test func deeplyNestedJSONIsRejectedWithoutCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: SyncCommandError.self) { _ = try transform("nhs_trusts", deep) }
    }

    @Test func healthBoardChildrenAreIndentedByTwoSpaces() throws {
        let options = try transform(
            "welsh_lhbs",
            #"[{"name": "Betsi", "ods_code": "7A1", "organisations": [{"name": "Ysbyty Gwynedd", "ods_code": "7A1A1"}, {"name": "no code"}]}]"#)
        #expect(options.codes == ["7A1", "7A1A1"])
        #expect(options["7A1A1"] == .string("  Ysbyty Gwynedd"))
    }

    @Test func diabetesUnitWithoutLeadNameFallsBackToPDULabel() throws {
        let options = try transform(
            "paediatric_diabetes_units",
            #"[{"pz_code": "PZ1", "primary_organisation": {"ods_code": "R1"}}, {"pz_code": "PZ2", "parent": {"name": "", "ods_code": "R2"}}]"#)
        #expect(options["PZ1"] == .string("PDU PZ1"))
        // An empty name is "found" but falsy: the code moved to the parent's, the label is the PDU fallback.
        #expect(options["R2"] == .string("PDU R2"))
    }

    @Test func optionsSerialiseAsAJSONObject() {
        var options = DatasetOptions()
        options.set("A\"1", "quote \" and \\ slash")
        options.set("B", .number(3))
        #expect(options.jsonText == #"{"A\"1":"quote \" and \\ slash","B":3}"#)
    }
}

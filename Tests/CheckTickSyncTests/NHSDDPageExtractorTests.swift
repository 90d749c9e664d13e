import TestSupport
import Foundation
import JobEngine
import Testing

@testable import CheckTickSync

/// HTML extraction (§4.4 strategies) on saved pages shaped like NHS Data Dictionary data-element pages.
@Suite("NHS DD page extraction")
struct NHSDDPageExtractorTests {
    static var pages: String { FixtureProcess.fixturesDirectory + "/www/checktick-sync/nhs-dd/data_elements/" }

    func page(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Self.pages + name)))
    }

    func extract(_ html: String) throws -> DatasetOptions {
        try NHSDDPageExtractor.options(fromHTML: Array(html.utf8))
    }

    @Test func mergesNationalAndDefaultCodeTablesAndIgnoresOthers() throws {
        let options = try NHSDDPageExtractor.options(fromHTML: try page("ethnic_category.html"))
        #expect(options.count == 18)
        #expect(options["A"] == .string("White - British"))
        #expect(options["Z"] == .string("Not stated"))
        #expect(options["99"] == .string("Not known"))
        #expect(options["Plural"] == nil)
        #expect(options.codes.first == "A" && options.codes.last == "99")
    }

    @Test func keepsSpacesAroundInlineElements() throws {
        let options = try NHSDDPageExtractor.options(fromHTML: try page("ethnic_category.html"))
        #expect(options["S"] == .string("Other Ethnic Groups - Any other ethnic group"))
        let gender = try NHSDDPageExtractor.options(fromHTML: try page("person_stated_gender_code.html"))
        #expect(gender["X"] == .string("Not Known (PERSON STATED GENDER CODE not recorded)"))
        let inline = try extract(
            "<table><tr><th>Code</th><th>Description</th></tr><tr><td> 1 </td><td>owned by a <a href='x'>Local Authority</a>,\n  <em>or</em> <b>not</b></td></tr></table>")
        #expect(inline["1"] == .string("owned by a Local Authority, or not"))
    }

    @Test func usesValueAndMeaningColumns() throws {
        let options = try NHSDDPageExtractor.options(fromHTML: try page("clinical_frailty_scale_point.html"))
        #expect(options.codes == ["1", "2", "3", "9"])
        #expect(options["9"] == .string("Terminally Ill"))
    }

    @Test func codeAndDescriptionColumnsAreTheLastMatchingHeaders() throws {
        let options = try extract(
            """
            <table><tr><td>Old Code</td><td>Code</td><td>Name</td><td>Description</td></tr>
            <tr><td>x</td><td>A1</td><td>short</td><td>Long text</td></tr>
            <tr><td>too few</td></tr>
            <tr><td>y</td><td></td><td>n</td><td>No code: skipped</td></tr></table>
            """)
        #expect(options.codes == ["A1"])
        #expect(options["A1"] == .string("Long text"))
    }

    @Test func fallsBackToDefinitionLists() throws {
        let options = try NHSDDPageExtractor.options(fromHTML: try page("smoking_status_code.html"))
        #expect(options.codes == ["1", "2", "4", "Z"])
        #expect(options["1"] == .string("Current smoker"))
        #expect(options["2"] == .string("Ex-smoker"))
        #expect(options["4"] == .string("Never smoked"))
        #expect(options["Z"] == .string("Not stated (PERSON asked but declined to provide a response)"))
    }

    @Test func fallsBackToListItems() throws {
        let options = try NHSDDPageExtractor.options(fromHTML: try page("zygosity_status.html"))
        #expect(options.codes == ["1", "2", "9"])
        #expect(options["2"] == .string("Dizygotic"))
        #expect(options["9"] == .string("Not known"))
    }

    @Test func tablesTakePrecedenceOverListsAndDefinitions() throws {
        let options = try NHSDDPageExtractor.options(fromHTML: try page("pregnancy_outcome.html"))
        #expect(options.codes == ["01", "02", "03"])
        let dlOverLi = try extract("<dl><dt>A</dt><dd>Alpha</dd></dl><ul><li>B - Beta</li></ul>")
        #expect(dlOverLi.codes == ["A"])
    }

    @Test func pageWithoutCodesIsAnError() throws {
        #expect(throws: SyncCommandError.scrape("No valid options found on the page")) {
            _ = try NHSDDPageExtractor.options(fromHTML: try page("ward_security_level.html"))
        }
        #expect(throws: SyncCommandError.scrape("No valid options found on the page")) {
            _ = try NHSDDPageExtractor.options(fromHTML: [])
        }
    }

    @Test func invalidUTF8DoesNotStopExtraction() throws {
        let options = try NHSDDPageExtractor.options(fromHTML: try page("alcohol_use_indicator.html"))
        #expect(options["N"] == .string("No"))
        #expect(options["Y"] != nil)
    }

    @Test func deeplyNestedPageDoesNotCrash() throws {
        let deep = "<html><body>" + String(repeating: "<div><span><b>", count: 50_000) + "x"
            + "<table><tr><th>Code</th><th>Description</th></tr><tr><td>1</td><td>One</td></tr></table></body></html>"
        let result = Result { try extract(deep) }
        switch result {
        case .success(let options): #expect(options["1"] == .string("One"))
        case .failure(let error): #expect(error as? SyncCommandError == .scrape("No valid options found on the page"))
        }
        let saved = Result { try NHSDDPageExtractor.options(fromHTML: try page("consultation_medium_used.html")) }
        #expect((try? saved.get())?.count ?? 0 <= 2)
    }

    @Test func binaryGarbageDoesNotCrash() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(throws: SyncCommandError.self) { _ = try NHSDDPageExtractor.options(fromHTML: bytes) }
    }
}

import Foundation
import Testing

@testable import CheckTickSync

/// The shipped NHS Data Dictionary list and the key (slug) rules.
@Suite("NHS DD dataset list")
struct NHSDDListTests {
    /// docs/nhs-data-dictionary-datasets.md of this clone.
    static var shippedListPath: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/nhs-data-dictionary-datasets.md").path
    }

    static let expectedKeys = [
        "ethnic_category", "main_specialty_code", "treatment_function_code", "accommodation_status",
        "accommodation_type", "admission_source_hospital_provider", "admission_source_mental_health_provider",
        "alcohol_use_indicator", "asa_physical_status_classification", "blood_group_baby",
        "blood_transfusion_product_type", "care_professional_job_role_code", "care_professional_main_specialty_code",
        "childhood_immunisation_type_cover", "clinical_frailty_scale_point", "consultation_type",
        "consultation_medium_used", "contraception_other_method", "death_location_type_code", "delivery_method_code",
        "emergency_care_attendance_category", "employee_absence_category", "enteral_feeding_method",
        "gender_identity_code", "mental_health_absence_without_leave_end_reason", "mental_health_act_legal_status_code",
        "mental_health_admitted_patient_classification", "mode_of_delivery", "neonatal_consciousness_status",
        "newborn_blood_spot_test_outcome_status_code", "newborn_hearing_screening_outcome",
        "out-patient_attendance_outcome", "patient_classification_code", "person_stated_gender_code",
        "person_stated_sexual_orientation", "pregnancy_outcome", "presentation_of_fetus_at_delivery",
        "primitive_reflexes_status", "qualification_type", "restrictive_intervention_type",
        "retinopathy_of_prematurity_left_eye", "retinopathy_of_prematurity_right_eye", "smoking_status_code",
        "special_educational_need_type", "specialist_radiotherapy_treatment_type", "surgical_access_type",
        "ward_security_level", "zygosity_status",
    ]

    func shipped() throws -> [NHSDDListEntry] {
        NHSDDList.parse(try String(contentsOfFile: Self.shippedListPath, encoding: .utf8))
    }

    @Test func shippedListHasTheFortyEightKeysInOrder() throws {
        let entries = try shipped()
        #expect(entries.count == 48)
        #expect(entries.map(\.key) == Self.expectedKeys)
        #expect(Set(entries.map(\.key)).count == 48)
    }

    @Test func shippedListRowsCarryURLsAndTags() throws {
        let entries = try shipped()
        let admission = try #require(entries.first { $0.key == "admission_source_mental_health_provider" })
        #expect(admission.name == "Admission Source (Mental Health Provider)")
        #expect(admission.referenceURL
            == "https://www.datadictionary.nhs.uk/data_elements/admission_source__mental_health_hospital_provider_spell_.html")
        #expect(admission.tags == ["administrative", "clinic", "mental health", "NHS"])
        #expect(admission.description == "NHS Data Dictionary - Admission Source (Mental Health Provider)")
        #expect(entries.allSatisfy { $0.referenceURL.hasPrefix(SyncSettings.defaultNHSDDBaseURL) && $0.tags.last == "NHS" })
    }

    @Test(arguments: [
        ("Ethnic Category", "ethnic_category"),
        ("Admission Source (Hospital Provider)", "admission_source_hospital_provider"),
        ("Out-Patient Attendance Outcome", "out-patient_attendance_outcome"),
        ("Retinopathy of Prematurity (Left Eye)", "retinopathy_of_prematurity_left_eye"),
        ("Blood Group (Baby)", "blood_group_baby"),
        ("  Spaced  Name ", "spaced__name"),
        ("Café Crème", "cafe_creme"),
        ("A - B", "a_-_b"),
        ("(Brackets)", "brackets"),
        ("x -- y", "x_-_y"),
    ])
    func keyFollowsDjangoSlugify(name: String, key: String) {
        #expect(Slug.datasetKey(name) == key)
    }

    @Test(arguments: [
        ("Hello World", "hello-world"), ("  a  b  ", "a-b"), ("a---b", "a-b"), ("_x_", "x"), ("Ünïcödé", "unicode"),
        ("a&b", "ab"), ("-a-", "a"),
    ])
    func slugifyMatchesDjango(value: String, slug: String) {
        #expect(Slug.slugify(value) == slug)
    }

    @Test func parsesOnlyRowsAfterTheHeaderWithNameAndLink() {
        let text = """
            | Not | the | table | x | y | z |
            | Dataset Name | NHS DD URL | Categories | Date Added | Last Scraped | NHS DD Published |
            |---|---|---|---|---|---|
            | Good One | [Link](https://www.datadictionary.nhs.uk/data_elements/good.html) | a, , b | - | - | - |
            |  | [Link](https://example.org/x.html) | a | - | - | - |
            | No Link | https://example.org/x.html | a | - | - | - |
            | Too Few | [Link](https://example.org/x.html) |
            | Later Row | [Link](http://example.org/later.html) |  | - | - | - |
            """
        let entries = NHSDDList.parse(text)
        #expect(entries.map(\.key) == ["good_one", "later_row"])
        #expect(entries[0].tags == ["a", "b", "NHS"])
        #expect(entries[1].tags == ["NHS"])
        #expect(entries[1].referenceURL == "http://example.org/later.html")
    }

    @Test func baseURLOverrideRewritesListLinks() {
        var settings = SyncSettings()
        #expect(settings.pageURL(for: "https://www.datadictionary.nhs.uk/data_elements/a.html")
            == "https://www.datadictionary.nhs.uk/data_elements/a.html")
        settings.nhsDDBaseURL = "http://127.0.0.1:9/dd/"
        #expect(settings.pageURL(for: "https://www.datadictionary.nhs.uk/data_elements/a.html") == "http://127.0.0.1:9/dd/a.html")
        #expect(settings.pageURL(for: "https://elsewhere.example/x/b.html") == "http://127.0.0.1:9/dd/b.html")
    }
}

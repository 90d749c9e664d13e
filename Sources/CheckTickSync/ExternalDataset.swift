/// One RCPCH NHS Organisations API dataset: its key, display name, endpoint and response shape.
struct ExternalDataset: Sendable, Equatable {
    /// How an API response item becomes options.
    enum Shape: Sendable, Equatable {
        /// `codeField` → `name`.
        case flat(codeField: String)
        /// Health boards with nested `organisations[]` (two-space indented names).
        case healthBoards
        /// Paediatric diabetes units: lead organisation's ODS code and name.
        case diabetesUnits
    }

    /// `surveys_dataset.key`.
    let key: String
    /// Display name used in messages and on creation.
    let name: String
    /// Appended verbatim to the API base URL.
    let endpoint: String
    /// Response item rules.
    let shape: Shape

    /// CheckTick's `AVAILABLE_DATASETS`, in processing order.
    static let catalogue: [ExternalDataset] = [
        ExternalDataset(
            key: "hospitals_england_wales", name: "Hospitals (England & Wales)", endpoint: "/organisations/limited/",
            shape: .flat(codeField: "ods_code")),
        ExternalDataset(key: "nhs_trusts", name: "NHS Trusts", endpoint: "/trusts/", shape: .flat(codeField: "ods_code")),
        ExternalDataset(
            key: "welsh_lhbs", name: "Welsh Local Health Boards", endpoint: "/local_health_boards/", shape: .healthBoards),
        ExternalDataset(
            key: "london_boroughs", name: "London Boroughs", endpoint: "/london_boroughs/",
            shape: .flat(codeField: "gss_code")),
        ExternalDataset(
            key: "nhs_england_regions", name: "NHS England Regions", endpoint: "/nhs_england_regions/",
            shape: .flat(codeField: "region_code")),
        ExternalDataset(
            key: "paediatric_diabetes_units", name: "Paediatric Diabetes Units", endpoint: "/paediatric_diabetes_units/",
            shape: .diabetesUnits),
        ExternalDataset(
            key: "integrated_care_boards", name: "Integrated Care Boards (ICBs)", endpoint: "/integrated_care_boards/",
            shape: .flat(codeField: "ods_code")),
    ]
}

/// One row of the NHS Data Dictionary list: what the sync creates or refreshes.
struct NHSDDListEntry: Sendable, Equatable {
    /// `surveys_dataset.key` (slug of the name).
    let key: String
    /// Dataset name from the list.
    let name: String
    /// The data-element page on the NHS Data Dictionary.
    let referenceURL: String
    /// Categories from the list, then `NHS`.
    let tags: [String]

    /// `NHS Data Dictionary - {name}`.
    var description: String { "NHS Data Dictionary - \(name)" }
}

import FoundationEssentials

/// A survey due a deletion-warning e-mail in one window.
struct WarningCandidate: Sendable, Equatable {
    /// `surveys_survey.id`.
    let surveyID: Int64
    /// Survey name.
    let name: String
    /// Survey slug (dashboard link).
    let slug: String
    /// When retention ends.
    let deletionDate: Date
    /// `deletion_date` exactly as PostgreSQL printed it: the ledger key (no floating-point round trip).
    let deletionKey: String
    /// When the survey was closed; nil makes the e-mail fail, as in CheckTick.
    let closedAt: Date?
    /// `retention_months`.
    let retentionMonths: Int
    /// The owner's e-mail address (the only recipient).
    let ownerEmail: String
    /// The owner's username (greeting).
    let ownerUsername: String
}

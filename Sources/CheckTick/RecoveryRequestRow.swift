import FoundationEssentials

/// A key-recovery request whose mandatory waiting period has passed.
struct RecoveryRequestRow: Sendable, Equatable {
    /// `surveys_recoveryrequest.id` as PostgreSQL prints a uuid (lowercase, hyphenated).
    let id: String
    /// `AAA-999-AAA` code shown to people.
    let requestCode: String
    /// End of the waiting period.
    let timeDelayUntil: Date
    /// `time_delay_hours` (recorded in the audit entry).
    let timeDelayHours: Int
    /// The requesting user's e-mail (recipient of the "ready" e-mail).
    let userEmail: String
    /// The requesting user's username (greeting).
    let username: String
    /// The survey's name.
    let surveyName: String
}

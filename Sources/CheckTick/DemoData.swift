import FoundationEssentials
import Logging
import Postgres

/// `checktick-jobs demo`: a realistic CheckTick data set for trying the jobs on a standalone database
/// (after `migrate --checktick-schema`).
public enum DemoData {
    /// The marker user; its presence means the demo data is already there.
    static let marker = "demo.admin"

    /// Inserts users, organisations, surveys in every retention state (with responses, progress records,
    /// legal holds and recovery requests) in one transaction; returns a one-paragraph summary.
    /// A database that already holds the demo data is left alone.
    public static func fill(_ pool: PostgresPool, now: Date, logger: Logger) throws -> String {
        try pool.transaction { connection in
            let present = try connection.query("SELECT count(*) AS n FROM auth_user WHERE username = \(marker)")[0]
                .decode("n", as: Int.self)
            if present > 0 { return "demo data already present (user \(marker) exists); nothing inserted" }
            let counts = try insertAll(connection, now: now)
            logger.info("demo data inserted", metadata: ["demo.surveys": "\(counts.surveys)"])
            return "inserted \(counts.users) users, \(counts.organizations) organisations, \(counts.surveys) surveys, "
                + "\(counts.responses) responses, \(counts.progress) progress records, \(counts.holds) legal holds, "
                + "\(counts.recovery) recovery requests"
        }
    }

    /// Row counts inserted.
    private struct Counts {
        var users = 0, organizations = 0, surveys = 0, responses = 0, progress = 0, holds = 0, recovery = 0
    }

    private static func insertAll(_ connection: PostgresConnection, now: Date) throws -> Counts {
        let day: TimeInterval = 86_400
        func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * day) }
        func ahead(_ days: Double) -> Date { now.addingTimeInterval(days * day) }
        var counts = Counts()

        // 1. people and organisations
        let admin = try CheckTickRows.user(
            connection, username: marker, email: "admin@demo.checktick.invalid", firstName: "Ada", isStaff: true,
            isSuperuser: true, joined: ago(400))
        let people = try [("priya.patel", "Priya"), ("tom.okafor", "Tom"), ("mei.chen", "Mei"), ("sam.jones", "Sam"),
                          ("zoë.müller", "Zoë")].map { username, first in
            try CheckTickRows.user(
                connection, username: username, email: "\(username.filter(\.isASCII))@demo.checktick.invalid",
                firstName: first, joined: ago(300))
        }
        let approver = try CheckTickRows.user(
            connection, username: "demo.approver", email: "approver@demo.checktick.invalid", isStaff: true,
            joined: ago(380))
        counts.users = people.count + 2
        let trust = try CheckTickRows.organization(connection, name: "Riverside NHS Trust", owner: admin, now: ago(390))
        let clinic = try CheckTickRows.organization(connection, name: "Hillview Paediatrics", owner: people[0], now: ago(200))
        counts.organizations = 2

        // 2. surveys in every retention state: (name, owner, organisation, retention, legal hold)
        typealias Retention = CheckTickRows.Retention
        let surveys: [(String, Int64, Int64?, Retention, String?)] = [
            ("Clinic waiting times (draft)", people[0], clinic, Retention(), nil),
            ("Patient experience 2026", people[1], trust, Retention(status: "published"), nil),
            ("Staff wellbeing pulse", people[2], trust, .closed(at: ago(20)), nil),
            ("Asthma follow-up (30 days left)", people[0], clinic, .closed(at: ago(150)), nil),
            ("Diabetes clinic audit (7 days left)", people[1], trust, .closed(at: ago(173)), nil),
            ("Vaccination uptake (1 day left)", people[3], nil, .closed(at: ago(179)), nil),
            ("Discharge survey (retention ended)", people[2], trust, .closed(at: ago(181)), nil),
            ("Ward feedback (retention ended, legal hold)", people[3], trust, .closed(at: ago(200)), "active"),
            ("Outpatient letters (hold lifted)", people[4], nil, .closed(at: ago(60)), "lifted"),
            ("Physio outcomes (in grace period)", people[4], clinic,
             Retention(status: "closed", closedAt: ago(200), deletionDate: ago(20), deletedAt: ago(20),
                       hardDeletionDate: ahead(10)), nil),
            ("Pharmacy queue (grace period over)", people[0], trust,
             Retention(status: "closed", closedAt: ago(240), deletionDate: ago(60), deletedAt: ago(35),
                       hardDeletionDate: ago(5)), nil),
            ("A&E triage pilot (grace over, legal hold)", people[1], trust,
             Retention(status: "closed", closedAt: ago(240), deletionDate: ago(60), deletedAt: ago(35),
                       hardDeletionDate: ago(5)), "active"),
            ("Closed by plan downgrade (no retention)", people[2], nil, Retention(status: "closed"), nil),
        ]
        var ids: [Int64] = []
        for (index, entry) in surveys.enumerated() {
            let (name, owner, organization, retention, hold) = entry
            let id = try CheckTickRows.survey(
                connection, owner: owner, name: name, slug: "demo-\(index + 1)-\(slug(name))", organization: organization,
                retention: retention, withKeys: index % 2 == 0, created: ago(365 - Double(index)))
            ids.append(id)
            if let hold {
                try CheckTickRows.legalHold(
                    connection, survey: id, placedBy: admin, placedAt: ago(30), removedAt: hold == "lifted" ? ago(3) : nil)
                counts.holds += 1
            }
            for respondent in 0..<(3 + index % 4) {
                try CheckTickRows.response(
                    connection, survey: id, user: respondent == 0 ? nil : people[respondent % people.count],
                    submitted: ago(Double(100 - respondent)))
                counts.responses += 1
            }
        }
        counts.surveys = ids.count

        // 3. partial responses: active, expired, and very old
        let progress: [(Int, Int64?, String?, Date, Date)] = [
            (1, people[3], nil, ahead(25), ago(5)),
            (1, nil, "anon-session-active-0001", ahead(12), ago(18)),
            (1, nil, "anon-session-expired-0002", ago(2), ago(32)),
            (2, people[4], nil, ago(10), ago(40)),
            (2, nil, "anon-session-ancient-0003", ahead(5), ago(120)),
        ]
        for (survey, user, session, expires, updated) in progress {
            try CheckTickRows.progress(
                connection, survey: ids[survey], user: user, sessionKey: session, expiresAt: expires, updatedAt: updated)
        }
        counts.progress = progress.count

        // 4. key recovery: one waiting period over, one still running, one awaiting verification
        let requests: [(String, String, Date?, Int64)] = [
            ("KRD-104-QXE", "in_time_delay", now.addingTimeInterval(-3600), people[1]),
            ("KRD-205-LMP", "in_time_delay", now.addingTimeInterval(20 * 3600), people[2]),
            ("KRD-306-ZTA", "pending_verification", nil, people[0]),
        ]
        for (index, request) in requests.enumerated() {
            let (code, status, until, user) = request
            let id = try CheckTickRows.recoveryRequest(
                connection, user: user, survey: ids[index + 1], code: code, status: status, timeDelayHours: 24,
                timeDelayUntil: until, submitted: ago(3))
            if until != nil {
                let first = try CheckTickRows.recoveryAuditEntry(
                    connection, request: id, eventType: "primary_approval", at: ago(2), previousHash: "")
                try CheckTickRows.recoveryAuditEntry(
                    connection, request: id, eventType: "secondary_approval", at: ago(1.5), previousHash: first)
                try connection.execute("""
                    UPDATE surveys_recoveryrequest SET primary_approver_id = \(admin), secondary_approver_id = \(approver)
                    WHERE id = \(id)::uuid
                    """)
            }
        }
        counts.recovery = requests.count
        return counts
    }

    /// A slug fragment: lowercase ASCII letters and digits joined by hyphens, at most 30 characters.
    static func slug(_ name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") && !out.isEmpty {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(30))
    }
}

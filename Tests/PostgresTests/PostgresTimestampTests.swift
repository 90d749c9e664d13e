import FoundationEssentials
import Testing

@testable import Postgres

@Suite struct PostgresTimestampTests {
    /// 2026-11-29 21:22:52.338 UTC.
    let sample = Date(timeIntervalSince1970: 1_795_987_372.338)

    @Test func formatsUTCWithMicroseconds() {
        #expect(PostgresTimestamp.format(sample) == "2026-11-29 21:22:52.338000+00")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000+00")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: -0.000001)) == "1969-12-31 23:59:59.999999+00")
        #expect(
            PostgresTimestamp.format(Date(timeIntervalSince1970: -2_208_988_800)) == "1900-01-01 00:00:00.000000+00")
    }

    @Test func parsesServerOutputInAnyOffset() throws {
        let utc = try #require(PostgresTimestamp.parse("2026-11-29 21:22:52.338+00"))
        #expect(abs(utc.timeIntervalSince(sample)) < 0.000_000_5)
        #expect(PostgresTimestamp.parse("2026-11-30 02:52:52.338+05:30") == utc)
        #expect(PostgresTimestamp.parse("2026-11-29 18:22:52.338-03") == utc)
        #expect(PostgresTimestamp.parse("2026-11-29T21:22:52.338Z") == utc)
        #expect(PostgresTimestamp.parse("2026-11-29 21:42:24.338+00:19:32") == utc)
        #expect(PostgresTimestamp.parse("2026-11-29 21:22:52+00") == Date(timeIntervalSince1970: 1_795_987_372))
        #expect(PostgresTimestamp.parse("2026-11-29 21:22:52.000001+00")?.timeIntervalSince1970 == 1_795_987_372.000001)
    }

    @Test func parsesDatesTimestampsWithoutZoneAndBCYears() throws {
        #expect(PostgresTimestamp.parse("1970-01-02") == Date(timeIntervalSince1970: 86_400))
        #expect(PostgresTimestamp.parse("1970-01-01 00:01:00") == Date(timeIntervalSince1970: 60))
        let bc = try #require(PostgresTimestamp.parse("0044-03-15 12:00:00+00 BC"))
        #expect(PostgresTimestamp.format(bc) == "0044-03-15 12:00:00.000000+00 BC")
        #expect(PostgresTimestamp.parse("0001-01-01 BC") != nil)
        let future = try #require(PostgresTimestamp.parse("10000-01-01 00:00:00+00"))
        #expect(PostgresTimestamp.format(future) == "10000-01-01 00:00:00.000000+00")
    }

    @Test func rejectsInfinityAndMalformedText() {
        for text in [
            "infinity", "-infinity", "", "2026-11-29 25:00:00+00", "2026-13-01", "2026-02-30", "2023-02-29",
            "2026-11-29 21:", "2026-11-29 21:22:52.+00", "2026-11-29 21:22:52+5", "2026-11-29 21:22:52+00 AD",
            "26-11-29", "2026-11-29 21:22:52+00 ", "0000-01-01 BC",
        ] {
            #expect(PostgresTimestamp.parse(text) == nil, "\(text)")
        }
        #expect(PostgresTimestamp.parse("2024-02-29") != nil)
        #expect(PostgresTimestamp.parse("2026-11-29 21:22") == Date(timeIntervalSince1970: 1_795_987_320))
        #expect(PostgresTimestamp.parse("2000-02-29 24:00:00+00") != nil)
    }

    @Test func textRoundTripsExactlyFromYear4000BCTo3000AD() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let micros = Int64.random(in: -188_000_000_000_000_000...32_500_000_000_000_000, using: &generator)
            let text = PostgresTimestamp.format(microsecondsSince1970: micros)
            var copy = text
            #expect(copy.withUTF8 { PostgresTimestamp.parseMicroseconds($0) } == micros, "\(text)")
        }
    }

    @Test func datesRoundTripAtMicrosecondPrecisionWhereDoubleAllows() throws {
        // Date is a Double of seconds since 2001: whole microseconds survive within about 68 years of it.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let micros = Int64.random(in: -2_000_000_000_000_000...2_000_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSinceReferenceDate: Double(micros) / 1_000_000)
            let text = PostgresTimestamp.format(date)
            let parsed = try #require(PostgresTimestamp.parse(text), "\(text)")
            #expect(parsed == date, "\(text)")
        }
        let far = Date(timeIntervalSince1970: -62_000_000_000.25)
        let parsedFar = try #require(PostgresTimestamp.parse(PostgresTimestamp.format(far)))
        #expect(abs(parsedFar.timeIntervalSince(far)) < 0.000_02)
    }

    @Test func infiniteDatesFormatAsInfinity() {
        #expect(PostgresTimestamp.format(Date(timeIntervalSinceReferenceDate: .infinity)) == "infinity")
        #expect(PostgresTimestamp.format(Date(timeIntervalSinceReferenceDate: -.infinity)) == "-infinity")
    }
}

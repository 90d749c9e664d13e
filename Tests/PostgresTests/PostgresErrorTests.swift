import Testing

@testable import Postgres

@Suite struct PostgresErrorTests {
    @Test func descriptionIsSafeAndDebugDescriptionHasServerDetail() {
        let error = PostgresError(
            .queryFailed, message: "duplicate key value violates unique constraint \"runs_key\"", sqlState: "23505",
            detail: "Key (idempotency_key)=(abc) already exists.", constraint: "runs_key")
        #expect(error.description == "database query failed")
        #expect(error.debugDescription.contains("SQLSTATE 23505"))
        #expect(error.debugDescription.contains("Key (idempotency_key)=(abc) already exists."))
        #expect(error.isUniqueViolation)
        #expect(!error.isConnectionError)
    }

    @Test func classifiesConnectionCancelAndRetryableErrors() {
        #expect(PostgresError(.connectionLost, message: "x").isConnectionError)
        #expect(PostgresError(.queryFailed, message: "x", sqlState: "57P01").isConnectionError)
        #expect(PostgresError(.queryFailed, message: "x", sqlState: "08006").isConnectionError)
        #expect(PostgresError(.queryFailed, message: "x", sqlState: "40001").isSerializationFailure)
        #expect(PostgresError(.queryFailed, message: "x", sqlState: "40P01").isDeadlockDetected)
        #expect(PostgresError(.queryCanceled, message: "x", sqlState: "57014").isQueryCanceled)
        #expect(PostgresError(.timeout, message: "x", sqlState: "57014").description == "database query timed out")
        #expect(PostgresError(.poolExhausted, message: "x").description == "database unavailable")
        #expect(
            PostgresError(.decoding, message: "column \"x\" is NULL").description
                == "database returned an unexpected value")
    }
}

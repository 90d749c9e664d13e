import Testing
@testable import Signing

@Suite struct ReadTokenTests {
    let token = Array("s3cr3t-read-token".utf8)

    @Test func acceptsBearerTokenWithAnySchemeCase() {
        #expect(ReadToken.verify(authorizationHeader: "Bearer s3cr3t-read-token", token: token))
        #expect(ReadToken.verify(authorizationHeader: "bearer s3cr3t-read-token", token: token))
        #expect(ReadToken.verify(authorizationHeader: "BEARER  s3cr3t-read-token", token: token))
    }

    @Test(arguments: [nil, "", "Bearer", "Bearer ", "Bearer s3cr3t-read-toke", "Bearer s3cr3t-read-token2",
                      "Bearer s3cr3t-read-token ", "Basic s3cr3t-read-token", "Bearers3cr3t-read-token",
                      "s3cr3t-read-token", "Token s3cr3t-read-token"])
    func rejectsWrongOrMalformedHeaders(header: String?) {
        #expect(!ReadToken.verify(authorizationHeader: header, token: token))
    }

    @Test func emptyConfiguredTokenNeverPasses() {
        #expect(!ReadToken.verify(authorizationHeader: "Bearer ", token: []))
        #expect(!ReadToken.verify(authorizationHeader: "Bearer x", token: []))
        #expect(!ReadToken.verify(authorizationHeader: nil, token: []))
    }
}

/// Why the test client gave up.
struct TestClientError: Error, CustomStringConvertible {
    let description: String
}

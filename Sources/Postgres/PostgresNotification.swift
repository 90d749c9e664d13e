/// One NOTIFY received on a channel this connection listens to.
public struct PostgresNotification: Sendable, Hashable {
    /// The channel name.
    public let channel: String
    /// The payload (empty when none was given).
    public let payload: String
    /// The server process that sent it.
    public let backendPID: Int32

    /// Creates a notification value.
    public init(channel: String, payload: String, backendPID: Int32) {
        self.channel = channel
        self.payload = payload
        self.backendPID = backendPID
    }
}

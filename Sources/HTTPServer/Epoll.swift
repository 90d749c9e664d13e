import CSystem

/// The epoll flags, read once from the C shim.
enum Epoll {
    /// EPOLLIN.
    static let input = csystem_epollin()
    /// EPOLLOUT.
    static let output = csystem_epollout()
    /// EPOLLRDHUP: the peer shut down its sending side.
    static let peerHangup = csystem_epollrdhup()
    /// EPOLLHUP.
    static let hangup = csystem_epollhup()
    /// EPOLLERR.
    static let error = csystem_epollerr()
    /// Edge-triggered read and write interest, registered once per connection (no EPOLL_CTL_MOD later).
    static let connection = csystem_epollin() | csystem_epollout() | csystem_epollrdhup() | csystem_epollet()
}

import CCurl

/// Owns a curl_slist (request headers, SMTP recipients); freed on deinit.
final class CurlStringList {
    /// The list head, nil when empty; valid until deinit.
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    /// Builds the list; returns nil if libcurl cannot allocate an entry.
    init?(_ items: [String]) {
        for item in items {
            guard let next = curl_slist_append(pointer, item) else {
                curl_slist_free_all(pointer)
                pointer = nil
                return nil
            }
            pointer = next
        }
    }

    deinit {
        curl_slist_free_all(pointer)
    }

    /// The list as a setopt argument.
    var raw: UnsafeRawPointer? { pointer.map { UnsafeRawPointer($0) } }
}

/// Placeholder.
enum SyncPlaceholder {}

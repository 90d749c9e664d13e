internal import CLibpq

/// The rows of one statement's result; owns the libpq `PGresult`.
///
/// Immutable once created (libpq results are read-only), so it may be shared between threads.
public final class PostgresRows: @unchecked Sendable, RandomAccessCollection {
    /// The owned result; freed in deinit.
    let result: OpaquePointer
    /// Column names in result order.
    public let columns: [String]
    /// Number of rows.
    public let count: Int

    /// Takes ownership of `result`.
    init(result: OpaquePointer) {
        self.result = result
        count = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
    }

    deinit {
        PQclear(result)
    }

    /// Index of the first row.
    public var startIndex: Int { 0 }
    /// One past the last row.
    public var endIndex: Int { count }

    /// The row at `index`.
    public subscript(index: Int) -> PostgresRow {
        precondition(index >= 0 && index < count, "row index \(index) out of range 0..<\(count)")
        return PostgresRow(rows: self, index: Int32(index))
    }

    /// Rows affected by INSERT, UPDATE, DELETE, MERGE, SELECT, MOVE, FETCH or COPY (0 otherwise).
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// The command tag, such as `INSERT 0 1` or `SELECT 3`.
    public var commandTag: String { String(cString: PQcmdStatus(result)) }

    /// The index of a column by exact (case-sensitive) name, if present.
    public func columnIndex(of name: String) -> Int? {
        columns.firstIndex(of: name)
    }
}

/// The response statuses metrics count apart, as indexes into a fixed list.
///
/// Exact codes for the ones a server like this answers (so `404` and `422` stay apart, which
/// status classes would merge), any other code under its class (`4xx`), and `other` for codes
/// outside 100...599. A table makes the lookup one array read per request.
enum MetricStatus {
    static let codes: [Int] = [
        200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308,
        400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 413, 414, 415, 422, 429, 431,
        500, 501, 502, 503, 504, 505,
    ]
    /// Label values by index: the exact codes, then `1xx` to `5xx`, then `other`.
    static let labels: [String] = codes.map(String.init) + (1...5).map { "\($0)xx" } + ["other"]
    static var count: Int { labels.count }

    private static let table: [UInt8] = {
        var table = [UInt8](repeating: UInt8(labels.count - 1), count: 600)
        for code in 100..<600 { table[code] = UInt8(codes.count + code / 100 - 1) }
        for (index, code) in codes.enumerated() { table[code] = UInt8(index) }
        return table
    }()

    /// The index of `code`'s label.
    static func index(of code: Int) -> Int {
        code >= 0 && code < table.count ? Int(table[code]) : labels.count - 1
    }
}

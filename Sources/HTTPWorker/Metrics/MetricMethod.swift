import NIOHTTP1

/// The request methods metrics count apart; any other method, and a request refused before its
/// method could be read, is counted as `other`.
enum MetricMethod: Int, CaseIterable {
    case get = 0, head, post, put, delete, patch, options, other

    init(_ method: HTTPMethod?) {
        switch method {
        case .GET: self = .get
        case .HEAD: self = .head
        case .POST: self = .post
        case .PUT: self = .put
        case .DELETE: self = .delete
        case .PATCH: self = .patch
        case .OPTIONS: self = .options
        default: self = .other
        }
    }

    /// The `method` label value.
    var label: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .delete: "DELETE"
        case .patch: "PATCH"
        case .options: "OPTIONS"
        case .other: "other"
        }
    }
}

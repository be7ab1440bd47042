import NIOHTTP1

/// Why `HTTPRequestParser` refused a connection's bytes; the connection is answered with
/// `answer(limits:)` and closed.
public enum HTTPRequestParseError: Error, Equatable {
    /// The request line is longer than `limit_request_line` (414).
    case requestLineTooLong
    /// A header or trailer field's name and value are longer than `limit_request_field_size` (431).
    case fieldTooLarge
    /// More fields than `limit_request_fields` (431).
    case tooManyFields
    /// Both `Content-Length` and `Transfer-Encoding`: a request smuggling vector (RFC 9112, 6.3).
    case bothBodyLengths
    /// `Content-Length` more than once.
    case repeatedContentLength
    /// `Content-Length` is not a number of at most 18 digits.
    case invalidContentLength
    /// `Transfer-Encoding` does not end with `chunked`, or applies it twice (RFC 9112, 6.3).
    case unsupportedTransferCoding
    /// A chunk-size line is not a hexadecimal size with optional extensions.
    case invalidChunkSize
    /// A chunk's data is not followed by CRLF: it is longer than its size.
    case chunkOverrun
    /// A request line without a version (HTTP/0.9's form): 505.
    case versionNotSupported
    /// Any other malformation, described.
    case malformed(String)

    /// The status and message the refusal is answered with.
    func answer(limits: RequestLimits) -> (HTTPResponseStatus, String) {
        switch self {
        case .requestLineTooLong:
            (.uriTooLong, RequestRefusal.requestLineTooLong(limits))
        case .fieldTooLarge:
            (.requestHeaderFieldsTooLarge, RequestRefusal.fieldTooLarge(limits))
        case .tooManyFields:
            (.requestHeaderFieldsTooLarge, "A request has more than the limit of \(limits.fieldCount) header fields.")
        case .bothBodyLengths:
            (.badRequest, RequestRefusal.bothLengths)
        case .repeatedContentLength:
            (.badRequest, "Content-Length appears more than once; send it once.")
        case .invalidContentLength:
            (.badRequest, "Content-Length is not a valid number.")
        case .unsupportedTransferCoding:
            (.badRequest, "Transfer-Encoding must end with chunked, applied once; no other coding is accepted.")
        case .invalidChunkSize:
            (.badRequest, "A chunk size in the chunked body is invalid.")
        case .chunkOverrun:
            (.badRequest, "A chunk of the chunked body is longer than its size.")
        case .versionNotSupported:
            (.httpVersionNotSupported, "HTTP/0.9 is not supported; use HTTP/1.1.")
        case .malformed(let reason):
            (.badRequest, "Malformed HTTP request: \(reason).")
        }
    }
}

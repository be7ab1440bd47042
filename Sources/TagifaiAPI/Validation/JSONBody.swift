import HTTPWorker
import NIOCore

/// Reads a request body as FastAPI reads a JSON body, answering problems as it does.
///
/// A body with no `Content-Type` or an `application/json` (or `+json`) one is parsed; any other
/// type is handed to validation as raw text, which a model then refuses with
/// `model_attributes_type`. An empty body is a `missing` body.
enum JSONBody {
    static func read(_ request: Request, with reader: JSONReader) -> Result<JSONValue, ValidationErrors> {
        guard request.body.readableBytes > 0 else {
            return .failure(ValidationErrors([.missing(at: ["body"], input: .null)]))
        }
        if !isJSON(request) {
            return .success(.string(String(buffer: request.body)))
        }
        do {
            return .success(try reader.read(request.body))
        } catch {
            return .failure(ValidationErrors([issue(for: error)]))
        }
    }

    /// Whether the body of `request` is read as JSON: it has no `Content-Type`, or a JSON one.
    static func isJSON(_ request: Request) -> Bool {
        request.headers.first(name: "content-type").map(isJSON) ?? true
    }

    /// True for `application/json` and `application/*+json`, parameters and case ignored.
    static func isJSON(_ contentType: String) -> Bool {
        // The usual spelling is answered without the allocations of the general parse below.
        if contentType == "application/json" { return true }
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            .trimmingASCIIWhitespace().lowercased()
        guard mediaType.hasPrefix("application/") else { return false }
        let subtype = mediaType.dropFirst("application/".count)
        return subtype == "json" || subtype.hasSuffix("+json")
    }

    /// FastAPI's `json_invalid` issue, with this server's own reasons for invalid UTF-8 and deep nesting.
    static func issue(for error: JSONReadError) -> ValidationIssue {
        let msg: String
        let reason: String
        switch error.kind {
        case .syntax(let text):
            msg = "JSON decode error"
            reason = text
        case .invalidUTF8, .tooDeep:
            msg = "JSON decode error: \(error)"
            reason = error.description
        }
        return ValidationIssue(
            type: "json_invalid", loc: ["body", .integer(error.characterOffset)], msg: msg, input: .object([]),
            ctx: .object(["error": .string(reason)]))
    }
}

extension Substring {
    fileprivate func trimmingASCIIWhitespace() -> Substring {
        var trimmed = self
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        return trimmed
    }
}

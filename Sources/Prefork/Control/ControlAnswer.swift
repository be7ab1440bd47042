import Foundation

/// The one JSON line the control socket answers: `{"ok": true, ...}` or `{"ok": false, "error": "..."}`.
enum ControlAnswer {
    /// A success carrying `fields` beside `"ok": true`.
    static func success(_ fields: [String: Any]) -> Data {
        encode(fields.merging(["ok": true]) { _, ok in ok })
    }

    /// A failure whose `error` names what went wrong and what to do; `permission_denied` marks a refused peer.
    static func failure(_ message: String, permissionDenied: Bool = false) -> Data {
        encode(["ok": false, "error": message].merging(permissionDenied ? ["permission_denied": true] : [:]) { $1 })
    }

    /// A JSON object parsed from `text` to embed in an answer, or the text itself if it is not JSON.
    static func object(fromJSON text: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) ?? text
    }

    private static func encode(_ object: [String: Any]) -> Data {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return Data(#"{"error":"the supervisor could not encode its answer","ok":false}"#.utf8)
        }
        return data
    }
}

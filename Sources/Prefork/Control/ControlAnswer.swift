import FoundationEssentials

/// The one JSON line the control socket answers: `{"ok": true, ...}` or `{"ok": false, "error": "..."}`.
enum ControlAnswer {
    /// A success carrying `fields` beside `"ok": true`.
    static func success(_ fields: [String: JSONValue]) -> Data {
        JSONValue.object(fields.merging(["ok": true]) { _, ok in ok }).encoded()
    }

    /// A failure whose `error` names what went wrong and what to do; `permission_denied` marks a refused peer.
    static func failure(_ message: String, permissionDenied: Bool = false) -> Data {
        var fields: [String: JSONValue] = ["ok": false, "error": .string(message)]
        if permissionDenied { fields["permission_denied"] = true }
        return JSONValue.object(fields).encoded()
    }

    /// A JSON value parsed from `text` to embed in an answer, or the text itself if it is not JSON.
    static func value(fromJSON text: String) -> JSONValue {
        JSONValue(parsing: text.utf8) ?? .string(text)
    }
}

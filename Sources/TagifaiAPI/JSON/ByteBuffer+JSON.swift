import HTTPWorker
import NIOCore

/// The response path writes its JSON by hand into the response's buffer (this, `writeJSONString` and
/// `Envelope`) rather than through Foundation's `JSONEncoder`, measured on the shared, busy 2-core
/// build machine: `JSONEncoder` took 31 µs for a one-prediction envelope against 3.3 µs for the
/// same bytes written by hand, where a whole `GET /` costs a worker about 13 µs of CPU, and it
/// wrote the keys in a different order in each process (hash order), where clients diff the
/// lesson's fixed order. Files and command output use `OrderedJSONEncoder` (key order, cost
/// irrelevant); the supervisor's documents, whose keys are sorted, use `JSONEncoder`.
extension ByteBuffer {
    /// Writes `value` as compact JSON (no spaces), members in their stored order.
    public mutating func writeJSON(_ value: JSONValue) {
        switch value {
        case .null: writeLiteral("null")
        case .bool(true): writeLiteral("true")
        case .bool(false): writeLiteral("false")
        case .number(let text): writeString(text)
        case .string(let text): writeJSONString(text)
        case .array(let elements):
            writeInteger(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { writeInteger(UInt8(ascii: ",")) }
                writeJSON(element)
            }
            writeInteger(UInt8(ascii: "]"))
        case .object(let members):
            writeInteger(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { writeInteger(UInt8(ascii: ",")) }
                writeJSONString(member.key)
                writeInteger(UInt8(ascii: ":"))
                writeJSON(member.value)
            }
            writeInteger(UInt8(ascii: "}"))
        }
    }
}

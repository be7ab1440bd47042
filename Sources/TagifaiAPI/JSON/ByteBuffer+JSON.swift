import HTTPWorker
import NIOCore

extension ByteBuffer {
    /// Writes `value` as compact JSON (no spaces), members in their stored order.
    public mutating func writeJSON(_ value: JSONValue) {
        switch value {
        case .null: writeStaticString("null")
        case .bool(true): writeStaticString("true")
        case .bool(false): writeStaticString("false")
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

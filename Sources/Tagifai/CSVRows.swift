/// The rows of RFC 4180 CSV text: fields split at commas, a field in double quotes may hold commas,
/// line breaks and `""` for a quote; rows end at LF or CRLF. A quote left open runs to the end of
/// the text, as spreadsheet programs read it, so the row's field count or content shows the fault.
package struct CSVRows {
    /// One row and the line (1-based) it starts on.
    package struct Row: Equatable {
        package var fields: [String]
        package var line: Int
    }

    /// A quoted field followed by something other than a comma or a line end.
    package struct TextAfterQuote: Error, Equatable {
        package var line: Int
    }

    package static func parse(_ text: String) throws(TextAfterQuote) -> [Row] {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var index = bytes.startIndex
        var rowStart = index
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            rows.append(Row(fields: fields, line: rowLine))
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            switch byte {
            case quote where field.isEmpty:
                // A quoted field: up to the quote not doubled, or the end of the text.
                while index < bytes.endIndex {
                    let inner = bytes[index]
                    index += 1
                    if inner == lf { line += 1 }
                    if inner != quote {
                        field.append(inner)
                    } else if index < bytes.endIndex, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        break
                    }
                }
                if index < bytes.endIndex, ![comma, cr, lf].contains(bytes[index]) { throw TextAfterQuote(line: line) }
            case comma:
                endField()
            case cr where index < bytes.endIndex && bytes[index] == lf:
                break
            case lf:
                endRow()
                line += 1
                rowLine = line
                rowStart = index
            default:
                field.append(byte)
            }
        }
        if rowStart < bytes.endIndex { endRow() }
        return rows
    }
}

import CSV
import Foundation
import Tagifai

/// Reads a projects CSV (`id,created_on,title,description,tag`; only the last three are needed)
/// into records, with quoted fields holding commas and line breaks.
struct ProjectsCSV {
    static let requiredColumns = ["title", "description", "tag"]

    /// The records, in file order.
    var records: [ProjectRecord]
    /// The SHA-256 of the file's bytes.
    var sha256: String

    /// Reads and checks the file at `path`.
    init(path: String) throws(ProjectsCSVError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            if !FileManager.default.fileExists(atPath: path) { throw .missing(path: path) }
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8(path: path) }
        guard !text.allSatisfy(\.isWhitespace) else { throw .empty(path: path) }
        sha256 = DigestHex.sha256(of: data)
        records = try Self.parse(text, path: path)
    }

    private static func parse(_ text: String, path: String) throws(ProjectsCSVError) -> [ProjectRecord] {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw .empty(path: path)
        }
        let header = reader.headerRow ?? []
        let missing = requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(path: path, missing: missing, found: header) }
        let columns = requiredColumns.map { header.firstIndex(of: $0)! }
        var records: [ProjectRecord] = []
        var line = 1 + lineBreaks(in: header)
        while let row = reader.next() {
            let rowLine = line + 1
            line = rowLine + lineBreaks(in: row)
            if row == [""] { continue }
            guard row.count == header.count else {
                throw .badRow(
                    path: path, line: rowLine,
                    reason: "expected \(header.count) fields like the header, found \(row.count) (check its quotes and commas)")
            }
            let tag = row[columns[2]].trimmingCharacters(in: .whitespaces)
            guard !tag.isEmpty, !tag.contains(where: \.isNewline) else {
                throw .badRow(path: path, line: rowLine, reason: "the tag field is empty or spans lines (an unclosed quote?)")
            }
            records.append(ProjectRecord(title: row[columns[0]], description: row[columns[1]], tag: tag))
        }
        guard !records.isEmpty else { throw .empty(path: path) }
        return records
    }

    private static func lineBreaks(in fields: [String]) -> Int {
        fields.reduce(0) { count, field in count + field.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
    }
}

/// Why a projects CSV could not be used; each message names the file (and line) at fault.
enum ProjectsCSVError: Error, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case notUTF8(path: String)
    case empty(path: String)
    case missingColumns(path: String, missing: [String], found: [String])
    case badRow(path: String, line: Int, reason: String)

    var description: String {
        switch self {
        case .missing(let path):
            return "data file \(path) does not exist: pass --data with the path of a projects CSV"
        case .unreadable(let path, let reason):
            return "data file \(path) cannot be read: \(reason)"
        case .notUTF8(let path):
            return "data file \(path) is not UTF-8 text: save it as UTF-8 CSV"
        case .empty(let path):
            return "data file \(path) has no data rows: it needs a header line and at least one row"
        case .missingColumns(let path, let missing, let found):
            return "data file \(path): missing column(s) \(missing.joined(separator: ", ")) in header "
                + "[\(found.joined(separator: ", "))]; the header needs title, description and tag"
        case .badRow(let path, let line, let reason):
            return "data file \(path), line \(line): \(reason)"
        }
    }
}

import FoundationEssentials
import SystemSupport
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
            throw .unreadable(path: path, reason: systemReason(of: error))
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8(path: path) }
        guard !text.allSatisfy(\.isWhitespace) else { throw .empty(path: path) }
        sha256 = DigestHex.sha256(of: data)
        records = try Self.parse(text, path: path)
    }

    private static func parse(_ text: String, path: String) throws(ProjectsCSVError) -> [ProjectRecord] {
        let rows: [CSVRows.Row]
        do {
            rows = try CSVRows.parse(text)
        } catch {
            throw .badRow(path: path, line: error.line, reason: "a quoted field must end at a comma or the line's end")
        }
        guard let header = rows.first?.fields else { throw .empty(path: path) }
        let missing = requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(path: path, missing: missing, found: header) }
        let columns = requiredColumns.map { header.firstIndex(of: $0)! }
        var records: [ProjectRecord] = []
        for row in rows.dropFirst() where row.fields != [""] {
            guard row.fields.count == header.count else {
                throw .badRow(
                    path: path, line: row.line,
                    reason: "expected \(header.count) fields like the header, found \(row.fields.count) (check its quotes and commas)")
            }
            let tag = row.fields[columns[2]].trimmingSpaces()
            guard !tag.isEmpty, !tag.contains(where: \.isNewline) else {
                throw .badRow(path: path, line: row.line, reason: "the tag field is empty or spans lines (an unclosed quote?)")
            }
            records.append(ProjectRecord(title: row.fields[columns[0]], description: row.fields[columns[1]], tag: tag))
        }
        guard !records.isEmpty else { throw .empty(path: path) }
        return records
    }
}

extension String {
    /// The text without the spaces and tabs (not line breaks) that begin or end it.
    fileprivate func trimmingSpaces() -> String {
        func isSpace(_ character: Character) -> Bool { character.isWhitespace && !character.isNewline }
        let start = drop(while: isSpace)
        let end = start.lastIndex { !isSpace($0) }.map { start.index(after: $0) } ?? start.startIndex
        return String(start[..<end])
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

/// Why an access log could not be set up or written.
public enum AccessLogError: Error, CustomStringConvertible, Equatable {
    case unknownAtom(String, format: String)
    case unterminatedAtom(format: String)
    case cannotOpen(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .unknownAtom(let atom, let format):
            "access_log_format \"\(format)\": unknown atom %(\(atom))s (use h, l, u, t, r, m, U, q, H, s, b, f, a, T, D, M, L, p, {header}i or {header}o)"
        case .unterminatedAtom(let format):
            "access_log_format \"\(format)\": an atom is not closed (write atoms as %(h)s)"
        case .cannotOpen(let path, let errno):
            "accesslog \(path): cannot open for appending (errno \(errno)); check the directory exists and is writable"
        }
    }
}

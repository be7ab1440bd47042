/// Why the TLS keys of a configuration cannot be served; each message names the key, the file and the fix.
public enum TLSError: Error, Equatable, CustomStringConvertible {
    /// The file a key names does not exist.
    case missingFile(key: String, path: String)
    /// The file exists but cannot be read (permissions, a folder, an I/O error).
    case unreadableFile(key: String, path: String, reason: String)
    /// The file holds no PEM data of the kind the key wants; `hint` says what it looks like instead.
    case notPEM(key: String, path: String, expected: String, hint: String?)
    /// The private key is not the one whose public half the certificate carries.
    case keyMismatch(certfile: String, keyfile: String)
    /// The server's certificate is past its end of validity.
    case expired(certfile: String, notAfter: String)
    /// The TLS library refused the files for another reason.
    case rejected(certfile: String, keyfile: String, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let key, let path):
            "\(key) \(path): no such file; create it or set \(key) to an existing file"
        case .unreadableFile(let key, let path, let reason):
            "\(key) \(path): cannot read the file (\(reason)); make it a file readable by the server's user"
        case .notPEM(let key, let path, let expected, let hint):
            "\(key) \(path): not \(expected)" + (hint.map { " (\($0))" } ?? "")
                + "; set \(key) to a PEM file, or convert it with openssl"
        case .keyMismatch(let certfile, let keyfile):
            "keyfile \(keyfile): not the private key of the certificate in certfile \(certfile); set keyfile to the key the certificate was issued for"
        case .expired(let certfile, let notAfter):
            "certfile \(certfile): the certificate expired on \(notAfter); renew it, then reload the server (HUP)"
        case .rejected(let certfile, let keyfile, let reason):
            "certfile \(certfile) with keyfile \(keyfile): refused by the TLS library (\(reason)); check both files with openssl"
        }
    }
}

import FoundationEssentials
import SystemSupport

/// The bytes of one PEM file a TLS key names, read whole, with errors that name the key and the file.
struct PEMFile {
    let key: String
    let path: String
    let bytes: [UInt8]

    init(key: String, path: String) throws(TLSError) {
        self.key = key
        self.path = path
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            throw .missingFile(key: key, path: path)
        } catch {
            throw .unreadableFile(key: key, path: path, reason: systemReason(of: error))
        }
    }

    /// The error for a file without the PEM block `label` (`CERTIFICATE`, `PRIVATE KEY`) the key wants,
    /// saying what the file holds instead: a private key where a certificate belongs is a common slip.
    func notPEM(_ expected: String, label: String) -> TLSError {
        let text = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self)
        let hint: String? =
            if bytes.isEmpty { "the file is empty" }
            else if text.contains(label + "-----") { "its \(label) block is damaged" }
            else if text.contains("PRIVATE KEY-----") { "it holds a private key: is it the keyfile?" }
            else if text.contains("-----BEGIN CERTIFICATE-----") { "it holds a certificate: is it the certfile?" }
            else if !text.contains("-----BEGIN ") { "no -----BEGIN line; a DER file converts with openssl" }
            else { nil }
        return .notPEM(key: key, path: path, expected: expected, hint: hint)
    }

}

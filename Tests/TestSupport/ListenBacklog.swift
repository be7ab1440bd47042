import Foundation

/// The accept queue length the kernel has for the TCP socket listening on `port`, as
/// `ss -lnt` shows it (its Send-Q column), or nil when nothing listens there.
public func listenBacklog(port: Int) throws -> Int? {
    let text = try runToolChecked("/usr/bin/ss", ["-lnt", "sport", "= :\(port)"], timeout: .seconds(10)).output
    let listen = text.split(separator: "\n").first { $0.hasPrefix("LISTEN") }
    return listen.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[2]) }
}

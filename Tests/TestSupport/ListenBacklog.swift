import Foundation

/// The accept queue length the kernel has for the TCP socket listening on `port`, as
/// `ss -lnt` shows it (its Send-Q column), or nil when nothing listens there.
public func listenBacklog(port: Int) throws -> Int? {
    let ss = Process()
    ss.executableURL = URL(fileURLWithPath: "/usr/bin/ss")
    ss.arguments = ["-lnt", "sport", "= :\(port)"]
    let output = Pipe()
    ss.standardOutput = output
    try ss.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    ss.waitUntilExit()
    let listen = text.split(separator: "\n").first { $0.hasPrefix("LISTEN") }
    return listen.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[2]) }
}

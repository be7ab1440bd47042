import Foundation
import Glibc

/// Listening TCP sockets on 127.0.0.1 that a test binds itself, on ports the kernel picks, and
/// hands to a program it starts (systemd-socket-activate, nginx), which finds them as descriptors
/// 3, 4, … and serves on them instead of binding: no other process can take a port between the
/// test learning it and the program using it.
///
/// Foundation's `Process` closes every descriptor above 2 in the child, so the sockets travel as
/// the child's standard input (and standard output, for a second one) and `run` starts the program
/// through `/bin/sh`, which moves them to 3, 4, …, puts /dev/null in their place (a program given
/// two sockets writes its standard output nowhere), exports what tells the program about them and
/// execs it.
public final class InheritedListeners {
    /// How the program learns which descriptors it inherited.
    public enum Convention: Sendable {
        /// `LISTEN_FDS=N LISTEN_PID=<its pid>`, as systemd passes sockets (and
        /// systemd-socket-activate passes on the ones it received).
        case systemd
        /// `NGINX="3;4;"`, as an nginx being upgraded passes its sockets to the new binary; nginx
        /// serves each `listen` directive whose address matches one of them on it.
        case nginx
    }

    /// The ports, in descriptor order (the first is the program's descriptor 3).
    public let ports: [Int]
    private let convention: Convention
    private var descriptors: [CInt]

    /// Binds `count` (1 or 2) sockets to 127.0.0.1 port 0 and listens on them.
    public init(_ convention: Convention, count: Int = 1) throws {
        precondition((1...2).contains(count), "standard input and output carry at most two sockets")
        self.convention = convention
        var descriptors: [CInt] = []
        var ports: [Int] = []
        do {
            for _ in 0..<count {
                let (fd, port) = try Self.listen()
                descriptors.append(fd)
                ports.append(port)
            }
        } catch {
            descriptors.forEach { close($0) }
            throw error
        }
        self.descriptors = descriptors
        self.ports = ports
    }

    deinit { closeOurCopies() }

    /// Runs `process`, already given its program, arguments and environment, through `/bin/sh`
    /// with the sockets as its descriptors 3, 4, …, then closes the test's copies, so the sockets
    /// live as long as the program holds them.
    public func run(_ process: Process) throws {
        precondition(!descriptors.isEmpty, "the sockets were handed over already")
        guard let executable = process.executableURL else { preconditionFailure("give the process its program first") }
        let moves = descriptors.count == 1 ? "exec 3<&0 </dev/null" : "exec 3<&0 4>&1 </dev/null >/dev/null"
        let exports = switch convention {
        case .systemd: "LISTEN_FDS=\(descriptors.count) LISTEN_PID=$$"
        case .nginx: "NGINX=\"\((3..<3 + descriptors.count).map { "\($0);" }.joined())\""
        }
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(moves); export \(exports); exec \"$0\" \"$@\"", executable.path] + (process.arguments ?? [])
        process.standardInput = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: false)
        if descriptors.count == 2 {
            process.standardOutput = FileHandle(fileDescriptor: descriptors[1], closeOnDealloc: false)
        }
        defer { closeOurCopies() }
        try process.run()
    }

    private func closeOurCopies() {
        descriptors.forEach { close($0) }
        descriptors = []
    }

    /// A close-on-exec socket listening on 127.0.0.1 at a port the kernel picked, and that port.
    private static func listen() throws -> (CInt, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ListenerError(step: "socket", errno: errno) }
        var reuse: CInt = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<CInt>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let failed: String? = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                if bind(fd, pointer, length) != 0 { return "bind" }
                if Glibc.listen(fd, SOMAXCONN) != 0 { return "listen" }
                if getsockname(fd, pointer, &length) != 0 { return "getsockname" }
                return nil
            }
        }
        if let failed {
            let error = ListenerError(step: failed, errno: errno)
            close(fd)
            throw error
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// A socket call that failed while binding a listener for a child.
public struct ListenerError: Error, CustomStringConvertible {
    public var step: String
    public var errno: CInt

    public var description: String { "\(step): \(String(cString: strerror(errno)))" }
}

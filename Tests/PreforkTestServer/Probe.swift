import Glibc
import Prefork

/// The contents of the file at `path`, with NUL bytes shown as `|`.
private func contents(_ path: String) -> String {
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: 8192)
    let count = read(fd, &bytes, bytes.count)
    return String(decoding: bytes[..<max(count, 0)].map { $0 == 0 ? UInt8(ascii: "|") : $0 }, as: UTF8.self)
}

/// Changes what only a process of its own may change (its title, its user) and prints the
/// result as `key=value` lines for the test to check; `arguments` is the command line, the role second.
func runProbe(_ arguments: [String]) -> Never {
    switch arguments[1] {
    case "title":
        let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
        ProcessTitle.set(String(repeating: arguments[2], count: repeats))
        print("capacity=\(ProcessTitle.capacity)")
        print("cmdline=\(contents("/proc/self/cmdline"))")
        print("comm=\(contents("/proc/self/comm"))", terminator: "")
        print("environment=\(getenv("PROBE_CHECK").map { String(cString: $0) } ?? "")")
        print("arguments=\(CommandLine.arguments.joined(separator: " "))")
        if arguments.contains("--wait") {
            print("waiting=\(getpid())")
            fflush(nil)
            while getchar() != EOF {}
        }
    case "drop-privileges":
        do {
            try PrivilegeDrop(user: arguments[2], group: arguments.count > 3 ? arguments[3] : nil, umask: 0o027).apply()
            var groups = [gid_t](repeating: 0, count: 64)
            let count = getgroups(CInt(groups.count), &groups)
            print("uid=\(getuid())\neuid=\(geteuid())\ngid=\(getgid())\negid=\(getegid())")
            print("umask=\(String(umask(0), radix: 8))")
            print("groups=\(groups.prefix(Int(count)).map(String.init).sorted().joined(separator: ","))")
        } catch {
            print("error=\(error)")
            exit(1)
        }
    default:
        break
    }
    exit(0)
}

import Glibc

/// Where `pidfile: auto` puts a server's pidfile (and so its control socket): a folder only the
/// user can reach, `$XDG_RUNTIME_DIR/NAME` (systemd makes that folder for each logged-in user), else
/// `/tmp/NAME-UID`; the file is named after the config file and a hash of its absolute path, so
/// servers started from different configs never share one and `status` and `ctl` given the same
/// config find it.
public struct RuntimeFolder: Sendable, Equatable {
    /// The folder's path.
    public let path: String

    /// The folder for the program `name` under `environment`, not yet made.
    public init(name: String, environment: [String: String], uid: uid_t = getuid()) {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            path = runtime + "/" + name
        } else {
            path = "/tmp/\(name)-\(uid)"
        }
    }

    /// The pidfile of a server started from `configFile` (an absolute path), or from no file.
    public func pidfile(forConfig configFile: String?) -> String {
        guard let configFile else { return path + "/defaults.pid" }
        let name = configFile.split(separator: "/").last.map(String.init) ?? "config"
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        return path + "/\(stem)-\(Self.hash(configFile)).pid"
    }

    /// Makes the folder (mode 0700, owned by `uid`) if it is missing, and refuses one that another
    /// user could reach into or replace: a symbolic link, not a folder, owned by another user, or
    /// open to the group or others. A folder under /tmp could otherwise be made first by someone else.
    /// A root start that drops to `user` passes that user's `uid` and `gid`.
    public func prepare(uid: uid_t = getuid(), gid: gid_t? = nil) throws(RuntimeFolderError) {
        if mkdir(path, 0o700) == 0 {
            if uid != geteuid(), chown(path, uid, gid ?? gid_t.max) != 0 { throw .cannotCreate(path: path, errno: errno) }
        } else if errno != EEXIST {
            throw .cannotCreate(path: path, errno: errno)
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .cannotCreate(path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .unsafe(path: path, reason: "it is not a folder (a symbolic link?)") }
        guard info.st_uid == uid else { throw .unsafe(path: path, reason: "it belongs to uid \(info.st_uid), not \(uid)") }
        guard info.st_mode & 0o077 == 0 else {
            throw .unsafe(path: path, reason: "its mode \(String(info.st_mode & 0o777, radix: 8)) lets others in; chmod 700 it")
        }
    }

    /// 12 hex digits of the FNV-1a hash of `text`: enough to tell a user's config files apart.
    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
    }
}

/// Why the runtime folder for `pidfile: auto` cannot be used.
public enum RuntimeFolderError: Error, Equatable, CustomStringConvertible {
    case cannotCreate(path: String, errno: CInt)
    case unsafe(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let code):
            "pidfile auto: cannot make the runtime folder \(path): \(String(cString: strerror(code))); "
                + "set XDG_RUNTIME_DIR to a folder of yours, or pidfile to a path"
        case .unsafe(let path, let reason):
            "pidfile auto: the runtime folder \(path) is not safe to use: \(reason); "
                + "remove the folder, or set XDG_RUNTIME_DIR or pidfile"
        }
    }
}

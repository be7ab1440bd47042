import FoundationEssentials
import Glibc
import Prefork

extension EffectiveConfig {
    /// The server settings with `pidfile: auto` made a file in the runtime folder of the user the
    /// server runs as (the config's `user` when root starts it), named after this config file, as
    /// `serve`, `status` and `ctl` all find it; with the folder and its owner for `serve` to make.
    func serverResolvingPidfile(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> (server: ServerConfig, runtimeFolder: (folder: RuntimeFolder, uid: uid_t, gid: gid_t?)?) {
        var server = self.server
        guard server.pidfile == "auto" else { return (server, nil) }
        let drop = getuid() == 0 ? try? PrivilegeDrop(config: server) : nil
        let uid = drop?.uid ?? getuid()
        // Another user's runtime folder is not this environment's XDG_RUNTIME_DIR.
        let folder = RuntimeFolder(
            name: TagifaiCommand.configuration.commandName!, environment: uid == getuid() ? environment : [:], uid: uid)
        server.pidfile = folder.pidfile(forConfig: file.map(Self.absolutePath))
        return (server, (folder, uid, drop?.gid))
    }

    /// `path` with symbolic links and `..` resolved, as the same file is named from any folder.
    private static func absolutePath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

import Glibc
import Logging

extension Supervisor {
    /// The supervisor binary's path on disk, which may hold a newer build than the running one.
    static var binaryOnDisk: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments[0] }
        let path = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.hasSuffix(" (deleted)") ? String(path.dropLast(" (deleted)".count)) : path
    }

    /// USR2: starts the binary on disk as a new supervisor that inherits the listening
    /// sockets; this one keeps serving until it is sent TERM (nginx's binary upgrade).
    func startUpgrade() {
        guard upgradePid == nil else {
            logger.warning("USR2 ignored: new supervisor pid \(upgradePid!) is already running")
            return
        }
        do {
            if let path = pidfile?.path { try pidfile?.move(to: Pidfile.upgradePath(for: path)) }
        } catch {
            logger.error("USR2: \(error); not upgrading")
            return
        }
        let fds = sockets.shared.map(\.fileDescriptor)
        var upgrader = WorkerSpawner(executable: Self.binaryOnDisk, arguments: Array(CommandLine.arguments.dropFirst()))
        upgrader.keepsSystemdVariables = true
        do {
            let pid = try upgrader.spawn(
                environment: [WorkerEnvironment.inheritedFDs: fds.map(String.init).joined(separator: ",")],
                inheriting: fds, argumentZero: CommandLine.arguments[0])
            upgradePid = pid
            try? notifier.mainProcess(pid)
            logger.info("USR2: new supervisor pid \(pid) started from \(upgrader.executable); send this one (pid \(getpid())) TERM once it serves")
        } catch {
            logger.error("USR2: \(error)")
            restorePidfile()
        }
    }

    /// The new supervisor exited: this one stays in charge.
    func upgradeFailed(pid: pid_t, exit: ProcessExit) {
        upgradePid = nil
        logger.error("new supervisor pid \(pid) \(exit); pid \(getpid()) keeps serving")
        restorePidfile()
        reclaimControlSocket()
        try? notifier.mainProcess(getpid())
    }

    private func restorePidfile() {
        guard let path = config.pidfile else { return }
        try? pidfile?.move(to: path)
    }
}

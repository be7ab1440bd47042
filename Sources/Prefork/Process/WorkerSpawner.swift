import Glibc

/// Starts worker processes with `posix_spawn`, never a bare `fork` of a threaded process.
///
/// Only the listed descriptors reach the child: every descriptor the supervisor opens is
/// close-on-exec, a `dup2(fd, fd)` file action clears that flag in the child alone, and any
/// other descriptor the supervisor inherited without the flag is closed in the child.
/// The child starts with an empty signal mask and default dispositions for the signals
/// the supervisor handles.
struct WorkerSpawner {
    /// The binary to run: `/proc/self/exe` runs the supervisor's own binary even if replaced on disk.
    var executable: String
    /// Arguments after `argv[0]`, selecting the worker role.
    var arguments: [String]
    /// Whether `NOTIFY_SOCKET` and the like pass through: true only for a new supervisor (USR2).
    var keepsSystemdVariables = false
    /// Variables removed from the inherited environment: systemd's, and any stale `PREFORK_*`.
    static let removedVariables = Set(SystemdNotifier.environmentVariables + SystemdSocketActivation.environmentVariables)

    /// Spawns the binary with the supervisor's environment plus `environment`, handing over `descriptors`.
    func spawn(environment: [String: String], inheriting descriptors: [CInt], argumentZero: String) throws(SupervisorError) -> pid_t {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        for fd in InheritableDescriptors.list() where !descriptors.contains(fd) {
            posix_spawn_file_actions_addclose(&fileActions, fd)
        }
        for fd in descriptors { posix_spawn_file_actions_adddup2(&fileActions, fd, fd) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        // SIGPIPE stays ignored, as the supervisor has it: a worker whose stderr reader went
        // away gets EPIPE from its next log line instead of dying before NIO would ignore it.
        for signal in SignalPipe.handled + [.abrt] { sigaddset(&defaults, signal.number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var variables = ProcessEnvironment.current.filter {
            (keepsSystemdVariables || !Self.removedVariables.contains($0.key)) && !$0.key.hasPrefix("PREFORK_")
        }
        variables.merge(environment) { _, new in new }
        let argv = ([argumentZero] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &fileActions, &attributes, argv, envp)
        guard result == 0 else { throw .spawnFailed(executable: executable, errno: result) }
        return pid
    }
}

import ArgumentParser
import FoundationEssentials
import Prefork

/// `tagifai status`: one row per worker of a running server, read from its scoreboard.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the workers of a running server: state, uptime, requests, heartbeat, memory.",
        discussion: """
            Finds the supervisor from the pidfile (--pidfile, else the config's `pidfile`, which \
            honours --config and $TAGIFAI_CONFIG), maps its shared-memory scoreboard read-only and \
            prints one row per worker plus the server's totals. Run it as the server's user (or root).
            """)

    @Option(help: ArgumentHelp("Pidfile of the running supervisor (default: the config's pidfile).", valueName: "file"))
    var pidfile: String?

    @Option(help: ArgumentHelp(
        "YAML config file whose pidfile to use (default: $TAGIFAI_CONFIG, else etc/tagifai.yaml when present).",
        valueName: "file"))
    var config: String?

    @Flag(help: "Print JSON for machines instead of a table.")
    var json = false

    func run() throws {
        let path = try pidfilePath()
        let report: ServerStatus
        do {
            report = try ServerStatus.read(pidfile: path)
        } catch {
            StandardError.write("error: \(error)\n")
            throw ExitCode(1)
        }
        print(json ? try report.json() : report.table())
    }

    private func pidfilePath() throws -> String {
        if let pidfile { return pidfile }
        let options = try ConfigOptions.parse(config.map { ["--config", $0] } ?? [])
        let loaded = try options.loadReportingErrors(command: "status", servingFiles: false)
        guard let path = loaded.serverResolvingPidfile().server.pidfile else {
            StandardError.write(
                "error: \(ServerStatusError.noPidfile(config: loaded.file))\n")
            throw ExitCode(1)
        }
        return path
    }
}

import ArgumentParser
import FoundationEssentials
import Prefork

/// `tagifai ctl`: ask a running server through its control socket.
struct CtlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl",
        abstract: "Control a running server through its control socket.",
        discussion: """
            Commands: status (the workers, as tagifai status prints them), workers N (run N workers \
            now; the next reload rereads the file), reload (new generation, as HUP), recycle SLOT|PID \
            (replace one worker: the new one up first, then the old one drained), reopen-logs (as \
            USR1), config (effective values and their sources), stop [--fast] (graceful, or quick). \
            The socket is --socket, else the config's control_socket, else <pidfile>.ctl (the \
            config honours --config and $TAGIFAI_CONFIG). Run it as the server's user or root. \
            Exits 0 when done, 1 when the server refused the command, 64 on a usage error, 69 when \
            no server answers at the socket, 77 when permission is denied, 78 when the configuration \
            is invalid.
            """)

    @Option(help: ArgumentHelp("Control socket of the running server (default: from the config).", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp(
        "YAML config file whose control socket to use (default: $TAGIFAI_CONFIG, else etc/tagifai.yaml when present).",
        valueName: "file"))
    var config: String?

    @Flag(help: "Print the answer as JSON (status and config: the report alone).")
    var json = false

    @Flag(help: "With stop: quit now instead of letting workers finish their requests.")
    var fast = false

    @Argument(help: ArgumentHelp("One of: \(ControlCommand.names.joined(separator: ", ")).", valueName: "command"))
    var command: String

    @Argument(help: ArgumentHelp("The count for workers, the slot or pid for recycle.", valueName: "argument"))
    var argument: String?

    static let noServer = ExitCode(69)
    static let permissionDenied = ExitCode(77)

    func run() throws {
        let request = try controlCommand()
        let path = try socketPath()
        let answer: [String: JSONValue]
        do {
            answer = try ControlClient(socketPath: path).send(request)
        } catch {
            StandardError.write("error: \(error)\n")
            switch error {
            case .refused: throw ExitCode.failure
            case .permissionDenied: throw Self.permissionDenied
            default: throw Self.noServer
            }
        }
        print(rendered(answer, for: request))
    }

    private func controlCommand() throws -> ControlCommand {
        func number(_ what: String, _ placeholder: String) throws -> Int {
            guard let argument, let value = Int(argument) else {
                throw ValidationError("\(command) needs \(what): tagifai ctl \(command) \(placeholder)")
            }
            return value
        }
        let parsed: ControlCommand
        switch command {
        case "status": parsed = .status
        case "workers": parsed = .workers(try number("a count", "N"))
        case "reload": parsed = .reload
        case "recycle": parsed = .recycle(try number("a slot or pid", "SLOT|PID"))
        case "reopen-logs": parsed = .reopenLogs
        case "config": parsed = .config
        case "stop": parsed = .stop(fast: fast)
        default:
            throw ValidationError("unknown command \"\(command)\"; commands: \(ControlCommand.names.joined(separator: ", "))")
        }
        if fast, command != "stop" { throw ValidationError("--fast goes with stop only") }
        if argument != nil, !["workers", "recycle"].contains(command) {
            throw ValidationError("\(command) takes no argument")
        }
        return parsed
    }

    private func socketPath() throws -> String {
        if let socket { return socket }
        let options = try ConfigOptions.parse(config.map { ["--config", $0] } ?? [])
        let loaded = try options.loadReportingErrors(
            command: "ctl", failureStatus: ServeCommand.invalidConfiguration, servingFiles: false)
        guard let path = loaded.serverResolvingPidfile().server.controlSocketPath else {
            let config = loaded.file.map { "config \($0)" } ?? "the configuration"
            let why = loaded.server.controlSocketDisable
                ? "sets control_socket_disable: true" : "sets neither control_socket nor pidfile"
            StandardError.write(
                "error: no control socket to reach the server by: \(config) \(why); "
                    + "pass --socket PATH, or --config FILE of the server\n")
            throw Self.noServer
        }
        return path
    }

    private func rendered(_ answer: [String: JSONValue], for request: ControlCommand) -> String {
        let report: JSONValue? = switch request {
        case .status: answer["status"]
        case .config: answer["config"]
        default: nil
        }
        guard json else { return answer["text"]?.string ?? "" }
        return String(decoding: (report ?? .object(answer)).encoded(pretty: true), as: UTF8.self)
    }
}

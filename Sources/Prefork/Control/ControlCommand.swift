import FoundationEssentials

/// One request on the control socket: a JSON line `{"command": NAME, "args": {...}}`.
///
/// The same type builds requests (`tagifai ctl`) and parses them (the supervisor), so both ends
/// agree on names and arguments.
public enum ControlCommand: Sendable, Equatable {
    /// The scoreboard: every worker and the totals.
    case status
    /// Run this many workers from now on (`args.count`).
    case workers(Int)
    /// Reload the configuration and start a new generation (HUP).
    case reload
    /// Replace one worker, named by scoreboard slot or pid (`args.target`).
    case recycle(Int)
    /// Reopen the log files (USR1).
    case reopenLogs
    /// The effective configuration of the current generation, with each value's source.
    case config
    /// Stop: gracefully, or fast (`args.fast`).
    case stop(fast: Bool)

    /// Every command name, in the order help lists them.
    public static let names = ["status", "workers", "reload", "recycle", "reopen-logs", "config", "stop"]

    /// Longest request line the supervisor reads, newline included.
    public static let maximumRequestBytes = 4096

    /// The command's name on the wire.
    public var name: String {
        switch self {
        case .status: "status"
        case .workers: "workers"
        case .reload: "reload"
        case .recycle: "recycle"
        case .reopenLogs: "reopen-logs"
        case .config: "config"
        case .stop: "stop"
        }
    }

    /// The request line, newline-terminated.
    public func requestLine() -> Data {
        var request: [String: JSONValue] = ["command": .string(name)]
        switch self {
        case .workers(let count): request["args"] = ["count": .integer(count)]
        case .recycle(let target): request["args"] = ["target": .integer(target)]
        case .stop(let fast): request["args"] = ["fast": .bool(fast)]
        case .status, .reload, .reopenLogs, .config: break
        }
        return JSONValue.object(request).encoded() + Data("\n".utf8)
    }

    /// Parses a request line (without its newline).
    public init(requestLine: Data) throws(ControlRequestError) {
        guard let request = JSONValue(parsing: requestLine)?.object else {
            throw .malformed("the request is not a JSON object")
        }
        guard let name = request["command"]?.string else { throw .malformed("the request has no \"command\" string") }
        let args = request["args"]?.object ?? [:]
        if request["args"] != nil, request["args"]?.object == nil {
            throw .malformed("\"args\" must be a JSON object")
        }
        switch name {
        case "status": self = .status
        case "reload": self = .reload
        case "reopen-logs": self = .reopenLogs
        case "config": self = .config
        case "workers": self = .workers(try Self.integer("count", in: args, command: name))
        case "recycle": self = .recycle(try Self.integer("target", in: args, command: name))
        case "stop":
            guard args["fast"] == nil || args["fast"]?.bool != nil else {
                throw .badArgument(command: name, "\"fast\" must be true or false")
            }
            self = .stop(fast: args["fast"]?.bool ?? false)
        default: throw .unknownCommand(name)
        }
    }

    private static func integer(_ key: String, in args: [String: JSONValue], command: String) throws(ControlRequestError) -> Int {
        guard let value = args[key]?.integer else {
            throw .badArgument(command: command, "\"args\" needs \"\(key)\": an integer")
        }
        return value
    }
}

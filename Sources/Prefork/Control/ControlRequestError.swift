/// Why the supervisor could not take a request from the control socket; sent back as the answer's `error`.
public enum ControlRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line is not a JSON request.
    case malformed(String)
    /// No such command.
    case unknownCommand(String)
    /// The command's arguments are missing or of the wrong type.
    case badArgument(command: String, String)
    /// The line is longer than `ControlCommand.maximumRequestBytes`.
    case tooLarge
    /// No complete line arrived within the read timeout.
    case timedOut(seconds: Int)
    /// The peer is neither the server's user nor root.
    case forbidden(peerUID: UInt32, serverUID: UInt32)

    public var description: String {
        let protocolHint = "send one JSON line such as {\"command\":\"status\"}"
        switch self {
        case .malformed(let reason):
            return "malformed request: \(reason); \(protocolHint)"
        case .unknownCommand(let name):
            return "unknown command \"\(name)\"; commands: " + ControlCommand.names.joined(separator: ", ")
        case .badArgument(let command, let reason):
            return "\(command): \(reason)"
        case .tooLarge:
            return "request longer than \(ControlCommand.maximumRequestBytes) bytes; \(protocolHint)"
        case .timedOut(let seconds):
            return "no complete request line within \(seconds) s; \(protocolHint) ending in a newline"
        case .forbidden(let peer, let server):
            return "permission denied: uid \(peer) may not use this control socket (only uid \(server) and root); "
                + "run the control command as the server's user or root"
        }
    }
}

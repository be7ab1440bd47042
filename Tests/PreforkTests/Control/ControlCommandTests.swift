import Foundation
import Testing
@testable import Prefork

@Suite struct ControlCommandTests {
    @Test(arguments: [
        ControlCommand.status, .workers(4), .reload, .recycle(2), .reopenLogs, .config, .stop(fast: false), .stop(fast: true),
    ])
    func everyRequestLineParsesBackToItsCommand(command: ControlCommand) throws {
        let line = command.requestLine()
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(try ControlCommand(requestLine: line.dropLast()) == command)
    }

    @Test func theDocumentedRequestParses() throws {
        let line = Data(#"{"command":"workers","args":{"count":4}}"#.utf8)
        #expect(try ControlCommand(requestLine: line) == .workers(4))
    }

    @Test func anUnknownCommandIsAnsweredWithTheList() {
        #expect(throws: ControlRequestError.unknownCommand("restart")) {
            try ControlCommand(requestLine: Data(#"{"command":"restart"}"#.utf8))
        }
        #expect("\(ControlRequestError.unknownCommand("restart"))".contains(ControlCommand.names.joined(separator: ", ")))
    }

    @Test(arguments: [
        "not json", "[1]", #"{"cmd":"status"}"#, #"{"command":"workers"}"#, #"{"command":"workers","args":{"count":"4"}}"#,
        #"{"command":"stop","args":{"fast":"yes"}}"#, #"{"command":"status","args":[1]}"#,
        #"{"command":"workers","args":{"count":true}}"#, #"{"command":"stop","args":{"fast":1}}"#,
    ])
    func malformedRequestsAreRefusedWithAReason(line: String) {
        #expect(throws: ControlRequestError.self) { try ControlCommand(requestLine: Data(line.utf8)) }
    }

    @Test func theSocketDefaultsBesideThePidfileAndCanBeTurnedOff() {
        var config = ServerConfig()
        #expect(config.controlSocketPath == nil)
        config.pidfile = "/run/tagifai/tagifai.pid"
        #expect(config.controlSocketPath == "/run/tagifai/tagifai.pid.ctl")
        config.controlSocket = "/run/tagifai/control"
        #expect(config.controlSocketPath == "/run/tagifai/control")
        config.controlSocketDisable = true
        #expect(config.controlSocketPath == nil)
    }
}

import Testing
@testable import Prefork

@Suite struct ProcessExitTests {
    @Test func decodesWaitStatuses() {
        #expect(ProcessExit(waitStatus: 3 << 8) == .exited(3))
        #expect(ProcessExit(waitStatus: 9) == .signaled(9))
        #expect(ProcessExit(waitStatus: 6 | 0x80) == .signaled(6), "a core dump flag does not change the signal")
        #expect(ProcessExit.signaled(9).description == "was killed by signal 9 (SIGKILL)")
        #expect(ProcessExit.signaled(11).description == "was killed by signal 11 (SIGSEGV)")
    }

    @Test func statusMessagesSurviveALineWithSpacesAndNewlines() {
        let message = WorkerStatusMessage.bootFailed(pid: 42, message: "model file\nmodels/x.json: not found")
        let parsed = WorkerStatusMessage(line: message.line.dropLast())
        #expect(parsed == .bootFailed(pid: 42, message: "model file models/x.json: not found"))
        #expect(WorkerStatusMessage(line: "ready 7") == .ready(pid: 7))
        #expect(WorkerStatusMessage(line: "hello 7") == nil)
    }

    @Test func aLongMessageIsCutAtTheLastWholeCharacter() {
        let message = "a" + String(repeating: "é", count: 2000)
        let line = WorkerStatusMessage.bootFailed(pid: 42, message: message).line
        #expect(line.utf8.count <= "bootfailed 42 \n".utf8.count + WorkerStatusMessage.messageBytes)
        let parsed = WorkerStatusMessage(line: line.dropLast())
        #expect(parsed == .bootFailed(pid: 42, message: "a" + String(repeating: "é", count: 1499)))
        let flags = String(repeating: "🇫🇷", count: 1000)
        let cut = WorkerStatusMessage(line: WorkerStatusMessage.bootFailed(pid: 1, message: flags).line.dropLast())
        #expect(cut == .bootFailed(pid: 1, message: String(repeating: "🇫🇷", count: 375)))
    }
}

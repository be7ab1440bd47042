import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

/// One control request waiting for the supervisor's loop, and the answer it gets there.
final class ControlCall: Sendable {
    let command: ControlCommand
    private let answer = Mutex<Data?>(nil)
    private let answered = DispatchSemaphore(value: 0)

    init(_ command: ControlCommand) { self.command = command }

    /// Called once, by the supervisor's loop.
    func reply(_ data: Data) {
        answer.withLock { $0 = data }
        answered.signal()
    }

    /// The answer, or nil when the loop has not given one within `seconds`.
    func wait(seconds: Int) -> Data? {
        guard answered.wait(timeout: .now() + .seconds(seconds)) == .success else { return nil }
        return answer.withLock { $0 }
    }
}

/// The queue from the control socket's thread to the supervisor's loop, with a pipe to wake its poll.
///
/// Commands become events on the loop that already handles signals and worker messages, so the
/// arbiter is only ever touched from that one thread.
final class ControlInbox: Sendable {
    private struct Queue {
        var calls: [ControlCall] = []
        /// Set when the supervisor stops: later calls get this answer at once.
        var closedAnswer: Data?
    }

    private let queue = Mutex(Queue())
    let readEnd: CInt
    private let writeEnd: CInt

    init() throws(SupervisorError) {
        (readEnd, writeEnd) = try openPipe(nonBlockingRead: true, nonBlockingWrite: true)
    }

    /// Queues `command`, wakes the loop and waits up to `seconds` for its answer.
    func submit(_ command: ControlCommand, seconds: Int) -> Data? {
        let call = ControlCall(command)
        if let closed = queue.withLock({ queue -> Data? in
            if queue.closedAnswer == nil { queue.calls.append(call) }
            return queue.closedAnswer
        }) {
            return closed
        }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
        return call.wait(seconds: seconds)
    }

    /// The calls queued since the last drain, oldest first.
    func drain() -> [ControlCall] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
        return queue.withLock { queue in
            defer { queue.calls = [] }
            return queue.calls
        }
    }

    /// Answers every queued call, and every later one, with `answer`: the loop answers no more.
    func refuseFromNowOn(with answer: Data) {
        let pending = queue.withLock { queue in
            queue.closedAnswer = answer
            defer { queue.calls = [] }
            return queue.calls
        }
        for call in pending { call.reply(answer) }
    }

    func close() {
        Glibc.close(readEnd)
        Glibc.close(writeEnd)
    }
}

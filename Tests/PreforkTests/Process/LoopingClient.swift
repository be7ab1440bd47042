import TestSupport

/// What a loop asking a test server's workers saw.
struct AskTally: Sendable {
    var answered = 0
    var failed = 0
    var generations: Set<Int> = []
}

typealias LoopingClient = TrafficLoop<AskTally>

extension TrafficLoop where Tally == AskTally {
    /// Connects to `server` over and over, counting answers, failures and the generations that answered.
    convenience init(server: TestServer) {
        nonisolated(unsafe) let server = server
        self.init(tally: AskTally()) { _, record in
            let answer = server.ask()
            record { tally in
                if let answer {
                    tally.answered += 1
                    tally.generations.insert(answer.generation)
                } else {
                    tally.failed += 1
                }
            }
        }
    }

    var answered: Int { current.answered }
}

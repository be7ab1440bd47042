import Testing
@testable import Prefork

@Suite struct WorkerContextTests {
    @Test func explainsThatTheWorkerRoleIsNotStartedByHand() {
        #expect {
            try WorkerContext.fromEnvironment([:])
        } throws: { error in
            "\(error)".contains("PREFORK_SUPERVISOR_PID is not set") && "\(error)".contains("started by the supervisor")
        }
    }
}

import Foundation
import Testing
import TestSupport

/// What a worker of `tagifai serve` holds open: only what the supervisor hands it.
@Suite(.timeLimit(.minutes(3))) struct SupervisorDescriptorTests {
    @Test func workersGetNoDescriptorTheSupervisorInheritedByAccident() throws {
        let scratch = try ScratchFolder()
        let stray = try scratch.write("stray", "")
        let server = try ServerProcess(
            workers: 2, launcher: ["/bin/sh", "-c", "exec 7<\"$0\"; exec \"$@\"", stray])
        let opened = { (pid: Int32) in
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? [])
                .compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)") }
        }
        #expect(opened(server.pid).contains(stray), "the supervisor was started holding the stray descriptor")
        #expect(server.workerPids.count == 2)
        for worker in server.workerPids {
            #expect(!opened(worker).contains(stray), "worker \(worker) holds a descriptor it was not handed")
        }
    }
}

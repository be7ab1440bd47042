import Foundation
import Glibc
import Testing
import TestSupport

/// The model folder's large files, copied once by the supervisor into sealed memory that every
/// worker of a generation maps: one copy in memory, however many workers.
@Suite(.timeLimit(.minutes(3)), .serialized) struct SharedModelFileTests {
    @Test func everyWorkerServesModelBinFromOneSharedCopy() throws {
        let scratch = try ScratchFolder()
        let served = try scratch.copyOfCommittedModel("served")
        let size = try #require(FileManager.default.attributesOfItem(atPath: served + "/model.bin")[.size] as? Int)
        #expect(size >= 1 << 20, "the committed model.bin is above the size the server shares")
        let workers = 2
        let server = try ServerProcess(workers: workers, arguments: ["--model", served])
        #expect(try server.servedEpochs() == "100")
        let pages = Double((size + 4095) / 4096 * 4)
        for pid in server.workerPids {
            let usage = try #require(ProcessTable.mapping(of: pid, named: "memfd:prefork-shared:model.bin"), "worker \(pid)")
            // Loading checks every byte of model.bin, so each worker has touched every page.
            #expect(Double(usage.rssKiB) == pages)
            #expect(abs(Double(usage.pssKiB) - pages / Double(workers)) <= pages * 0.02, "worker \(pid)'s PSS \(usage.pssKiB) kB")
            #expect(ProcessTable.mapping(of: pid, named: "memfd:prefork-shared:args.json") == nil, "small files are read")
        }
    }
}

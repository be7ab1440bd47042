import Foundation
import Glibc

extension Process {
    /// Waits for the process to exit and returns its status, or nil if it still runs at the deadline.
    public func exitStatus(within seconds: Double) -> Int32? {
        guard eventually(within: seconds, { !self.isRunning }) else { return nil }
        return terminationStatus
    }

    /// Kills the process and `children` with SIGKILL, then waits for it, bounded: Foundation's
    /// Process can miss a child's exit when many are spawned at once.
    public func killWithChildren(_ children: some Sequence<Int32>) {
        if isRunning { kill(processIdentifier, SIGKILL) }
        for child in children { kill(child, SIGKILL) }
        _ = eventually(within: 10) { !self.isRunning }
    }
}

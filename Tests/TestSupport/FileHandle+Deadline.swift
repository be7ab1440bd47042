import Foundation
import Glibc

extension FileHandle {
    /// Reads what a child writes until the text contains `marker`, the pipe ends, or `seconds`
    /// pass, whichever comes first, and returns the text read: a child that never writes cannot
    /// hang the test as a blocking `availableData` would.
    public func read(until marker: String, within seconds: Double) -> String {
        var text = ""
        let deadline = ContinuousClock.now + .seconds(seconds)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !text.contains(marker), ContinuousClock.now < deadline {
            var ready = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 50) > 0 else { continue }
            let count = Glibc.read(fileDescriptor, &chunk, chunk.count)
            guard count > 0 else { break }
            text += String(decoding: chunk[..<count], as: UTF8.self)
        }
        return text
    }
}

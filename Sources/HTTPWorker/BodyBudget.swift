import NIOConcurrencyHelpers
import NIOCore

/// The request body bytes one worker holds for requests not yet complete, bounded across all its
/// connections, so that many slow uploads at once cannot exhaust its memory: a body that does not fit
/// is answered 503 rather than buffered.
final class BodyBudget: Sendable {
    /// The most bytes held at once.
    let limit: Int
    private let held = NIOLockedValueBox(0)

    /// A budget of `max(16 MiB, maxBodySize)`, so one body of the largest size accepted always fits.
    init(maxBodySize: Int) {
        limit = max(16 << 20, maxBodySize)
    }

    /// Appends `chunk` to `body`, first taking from the budget what the body's buffer then needs beyond
    /// the `budgeted` bytes it holds; false, appending and taking nothing, when that does not fit.
    ///
    /// The budget pays for bytes that arrived, never for a length a client merely declared: a body's
    /// buffer is sized for at most twice what arrived (at least `initialAdvance` more), never beyond
    /// `ceiling` (its `Content-Length`, or `max_body_size` for a chunked body), and the allocator
    /// rounds that up to a power of two. So a thousand clients that each declare a megabyte and send a
    /// byte hold 4 KiB each, and an honest body is copied only as often as it doubles. `budgeted` is
    /// the capacity of the buffer as allocated, which is what it costs.
    /// A body that arrives whole in its first chunk keeps that chunk, with no copy.
    func append(
        _ chunk: inout ByteBuffer, to body: inout ByteBuffer?, budgeted: inout Int, ceiling: Int,
        allocator: ByteBufferAllocator
    ) -> Bool {
        let needed = (body?.readableBytes ?? 0) + chunk.readableBytes
        if body == nil, needed >= ceiling {
            guard take(needed) else { return false }
            budgeted = needed
            body = chunk
            return true
        }
        if needed > budgeted {
            let wanted = min(max(needed, ceiling), max(2 * needed, needed + Self.initialAdvance))
            // The allocator rounds capacities up: the budget pays for the buffer as allocated.
            var buffer = allocator.buffer(capacity: wanted)
            if !take(buffer.capacity - budgeted) {
                // Short of room for the advance: the bytes that arrived may still fit.
                guard wanted > needed else { return false }
                buffer = allocator.buffer(capacity: needed)
                guard take(buffer.capacity - budgeted) else { return false }
            }
            if var held = body { buffer.writeBuffer(&held) }
            body = buffer
            budgeted = buffer.capacity
        }
        body!.writeBuffer(&chunk)
        return true
    }

    /// What a body that has not arrived whole may hold beyond the bytes it sent.
    static let initialAdvance = 2048

    /// Takes `count` bytes from the budget; false, taking nothing, when they do not fit.
    func take(_ count: Int) -> Bool {
        held.withLockedValue { held in
            guard held + count <= limit else { return false }
            held += count
            return true
        }
    }

    /// Returns `count` bytes taken before.
    func giveBack(_ count: Int) {
        guard count > 0 else { return }
        held.withLockedValue { $0 -= count }
    }
}

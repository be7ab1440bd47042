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

    /// Appends `chunk` to `body`, first taking from the budget what the body then needs beyond the
    /// `budgeted` bytes it holds; false, appending and taking nothing, when that does not fit.
    ///
    /// A first chunk shorter than the body's `declaredLength` (its `Content-Length`, within
    /// `max_body_size`) takes the whole length at once and gets a buffer of exactly that capacity, so
    /// the body is never copied to grow and its capacity is what the budget counts.
    func append(
        _ chunk: inout ByteBuffer, to body: inout ByteBuffer?, budgeted: inout Int, declaredLength: Int?,
        allocator: ByteBufferAllocator
    ) -> Bool {
        let needed = (body?.readableBytes ?? 0) + chunk.readableBytes
        let reserved = max(needed, declaredLength ?? 0)
        if reserved > budgeted {
            guard take(reserved - budgeted) else { return false }
            budgeted = reserved
        }
        if body != nil {
            body!.writeBuffer(&chunk)
        } else if reserved > needed {
            var buffer = allocator.buffer(capacity: reserved)
            buffer.writeBuffer(&chunk)
            body = buffer
        } else {
            body = chunk
        }
        return true
    }

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

import NIOCore
import NIOHTTP1

extension ConnectionContext {
    /// Appends `chunk` of `head`'s body to `body`, taking from the worker's `BodyBudget` what it
    /// needs beyond the `budgeted` bytes; or, appending nothing, the refusal of a body that outgrows
    /// `max_body_size` (413) or the budget (503). One rule for every protocol the server speaks.
    func receive(
        _ chunk: inout ByteBuffer, of head: HTTPRequestHead, into body: inout ByteBuffer?, budgeted: inout Int,
        allocator: ByteBufferAllocator
    ) -> Response? {
        if (body?.readableBytes ?? 0) + chunk.readableBytes > limits.bodySize {
            return RequestRefusal.bodyTooLarge(limits)
        }
        let ceiling = head.headers.first(name: "content-length").flatMap(Int.init) ?? limits.bodySize
        guard bodyBudget.append(&chunk, to: &body, budgeted: &budgeted, ceiling: ceiling, allocator: allocator) else {
            return RequestRefusal.bodiesOverBudget(bodyBudget)
        }
        return nil
    }
}

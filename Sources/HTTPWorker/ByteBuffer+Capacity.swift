import NIOCore

extension ByteBuffer {
    /// An empty buffer with room for `capacity` bytes, allocated at once.
    ///
    /// `ByteBuffer()` followed by `reserveCapacity` starts from NIO's shared empty storage and
    /// reallocates it (`_copyStorageAndRebase`), about 150 instructions more a buffer (callgrind);
    /// a response and its JSON body are two such buffers.
    @inlinable
    public init(capacity: Int) {
        self = ByteBufferAllocator().buffer(capacity: capacity)
    }
}

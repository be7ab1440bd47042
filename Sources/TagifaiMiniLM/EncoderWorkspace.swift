/// The scratch buffers one forward pass of the encoder needs for a batch, allocated once per batch.
final class EncoderWorkspace {
    let queries: UnsafeMutablePointer<Float>
    let keys: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>
    let context: UnsafeMutablePointer<Float>
    let intermediate: UnsafeMutablePointer<Float>
    let scores: UnsafeMutablePointer<Float>

    init(rows: Int, hiddenSize: Int, intermediateSize: Int, longest: Int) {
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            return pointer
        }
        queries = buffer(rows * hiddenSize)
        keys = buffer(rows * hiddenSize)
        values = buffer(rows * hiddenSize)
        context = buffer(rows * hiddenSize)
        intermediate = buffer(rows * intermediateSize)
        scores = buffer(longest * longest)
    }

    deinit {
        for pointer in [queries, keys, values, context, intermediate, scores] {
            pointer.deallocate()
        }
    }
}

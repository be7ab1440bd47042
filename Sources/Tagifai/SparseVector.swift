/// A sparse feature vector: sorted feature indices and their values.
struct SparseVector {
    var indices: [Int32] = []
    var values: [Double] = []
}

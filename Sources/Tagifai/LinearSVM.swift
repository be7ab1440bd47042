/// A one-vs-rest linear SVM with the squared hinge loss, each class solved in the dual by
/// coordinate descent as LIBLINEAR's `L2R_L2LOSS_SVC_DUAL` solver does (Hsieh et al., 2008);
/// scikit-learn's `LinearSVC(C=c)`.
///
/// For class k, with yᵢ = +1 for its rows and −1 for the others, it minimises
/// ½‖w‖² + Σ Cᵢ·max(0, 1 − yᵢ·w·x̂ᵢ)², where x̂ᵢ is xᵢ with a constant 1 appended (LIBLINEAR's
/// bias, penalised like a weight), and Cᵢ is C times the class weight of k for its rows, C for
/// the others. The dual: minimise ½ αᵀ(Q + D)α − Σαᵢ over α ≥ 0, Qᵢⱼ = yᵢyⱼ x̂ᵢ·x̂ⱼ,
/// Dᵢᵢ = 1 / (2Cᵢ); then w = Σ αᵢyᵢx̂ᵢ.
struct LinearSVM {
    let classCount: Int
    let featureCount: Int
    /// The weight rows, one per class.
    private(set) var weights: [[Double]] = []
    private(set) var bias: [Double] = []
    /// The dual variables of each class's problem, one per row.
    private(set) var duals: [[Double]] = []
    /// The coordinate descent passes each class took.
    private(set) var passes: [Int] = []

    /// Fits on `vectors` with classes `labels`; `classWeights` scales C for each class's own rows.
    init(
        _ vectors: [SparseVector], _ labels: [Int], classWeights: [Double], classCount: Int, featureCount: Int,
        c: Double, tolerance: Double, maxPasses: Int, generator: inout SeededGenerator
    ) {
        self.classCount = classCount
        self.featureCount = featureCount
        for classIndex in 0..<classCount {
            let signs = labels.map { $0 == classIndex ? 1.0 : -1.0 }
            let costs = labels.map { $0 == classIndex ? c * classWeights[classIndex] : c }
            let solution = Self.solve(
                vectors, signs: signs, costs: costs, featureCount: featureCount, tolerance: tolerance,
                maxPasses: maxPasses, generator: &generator)
            weights.append(Array(solution.weights[0..<featureCount]))
            bias.append(solution.weights[featureCount])
            duals.append(solution.alpha)
            passes.append(solution.passes)
        }
    }

    /// One binary problem; the returned weights end with the bias.
    static func solve(
        _ vectors: [SparseVector], signs: [Double], costs: [Double], featureCount: Int, tolerance: Double,
        maxPasses: Int, generator: inout SeededGenerator
    ) -> (weights: [Double], alpha: [Double], passes: Int) {
        var w = [Double](repeating: 0, count: featureCount + 1)
        var alpha = [Double](repeating: 0, count: vectors.count)
        let diagonal = costs.map { 0.5 / $0 }
        let curvature = vectors.indices.map { row in
            vectors[row].values.reduce(1) { $0 + $1 * $1 } + diagonal[row]
        }
        var order = Array(vectors.indices)
        var pass = 0
        while pass < maxPasses {
            pass += 1
            generator.shuffle(&order)
            var largest = -Double.infinity, smallest = Double.infinity
            for row in order {
                let vector = vectors[row]
                var margin = w[featureCount]
                for (index, x) in zip(vector.indices, vector.values) { margin += w[Int(index)] * x }
                let gradient = signs[row] * margin - 1 + diagonal[row] * alpha[row]
                let projected = alpha[row] == 0 ? min(gradient, 0) : gradient
                largest = max(largest, projected)
                smallest = min(smallest, projected)
                guard abs(projected) > 1e-12 else { continue }
                let previous = alpha[row]
                alpha[row] = max(previous - gradient / curvature[row], 0)
                let delta = (alpha[row] - previous) * signs[row]
                for (index, x) in zip(vector.indices, vector.values) { w[Int(index)] += delta * x }
                w[featureCount] += delta
            }
            if largest - smallest <= tolerance { break }
        }
        return (w, alpha, pass)
    }
}

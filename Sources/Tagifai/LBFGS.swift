/// Limited-memory BFGS (Nocedal and Wright, algorithm 7.5) with a backtracking Armijo line
/// search, minimising a smooth function of a dense vector.
struct LBFGS {
    /// How many (step, gradient change) pairs approximate the inverse Hessian.
    var memory = 10
    /// Stop when the largest gradient entry is at most this.
    var gradientTolerance = 1e-4
    /// Stop after this many iterations.
    var maxIterations = 1000

    /// The result: the minimiser found, its value and gradient, and the iterations used.
    struct Result {
        var point: [Double]
        var value: Double
        var gradient: [Double]
        var iterations: Int
    }

    /// Minimises `objective` (value and gradient at a point) from `start`.
    func minimize(from start: [Double], _ objective: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
        var point = start
        var (value, gradient) = objective(point)
        var steps: [[Double]] = [], changes: [[Double]] = [], curvatures: [Double] = []
        var iteration = 0
        while iteration < maxIterations, Self.maxMagnitude(gradient) > gradientTolerance {
            iteration += 1
            var direction = gradient.map { -$0 }
            var alphas = [Double](repeating: 0, count: steps.count)
            for index in steps.indices.reversed() {
                alphas[index] = Self.dot(steps[index], direction) / curvatures[index]
                Self.add(-alphas[index], changes[index], to: &direction)
            }
            let gamma = steps.isEmpty
                ? 1 / max(Self.dot(gradient, gradient).squareRoot(), 1e-12)
                : curvatures[steps.count - 1] / Self.dot(changes[steps.count - 1], changes[steps.count - 1])
            for index in direction.indices { direction[index] *= gamma }
            for index in steps.indices {
                let beta = Self.dot(changes[index], direction) / curvatures[index]
                Self.add(alphas[index] - beta, steps[index], to: &direction)
            }
            var slope = Self.dot(gradient, direction)
            if slope >= 0 {
                direction = gradient.map { -$0 }
                slope = -Self.dot(gradient, gradient)
                steps.removeAll(); changes.removeAll(); curvatures.removeAll()
            }
            var rate = 1.0
            var candidate = point, candidateValue = value, candidateGradient = gradient
            var accepted = false
            for _ in 0..<60 {
                candidate = point
                Self.add(rate, direction, to: &candidate)
                (candidateValue, candidateGradient) = objective(candidate)
                if candidateValue <= value + 1e-4 * rate * slope { accepted = true; break }
                rate /= 2
            }
            guard accepted else { break }
            let step = zip(candidate, point).map { $0 - $1 }
            let change = zip(candidateGradient, gradient).map { $0 - $1 }
            let curvature = Self.dot(step, change)
            if curvature > 1e-12 {
                steps.append(step); changes.append(change); curvatures.append(curvature)
                if steps.count > memory { steps.removeFirst(); changes.removeFirst(); curvatures.removeFirst() }
            }
            let decrease = value - candidateValue
            (point, value, gradient) = (candidate, candidateValue, candidateGradient)
            if decrease <= 1e-15 * max(abs(value), 1) { break }
        }
        return Result(point: point, value: value, gradient: gradient, iterations: iteration)
    }

    static func dot(_ left: [Double], _ right: [Double]) -> Double {
        var sum = 0.0
        for index in left.indices { sum += left[index] * right[index] }
        return sum
    }

    static func add(_ scale: Double, _ vector: [Double], to target: inout [Double]) {
        for index in target.indices { target[index] += scale * vector[index] }
    }

    static func maxMagnitude(_ vector: [Double]) -> Double {
        vector.reduce(0) { max($0, abs($1)) }
    }
}

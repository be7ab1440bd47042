import FoundationEssentials
import Glibc

/// The exact Gaussian error linear unit BERT uses (`hidden_act: gelu`): `x · ½(1 + erf(x / √2))`,
/// not the tanh approximation.
enum GELU {
    static func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRootTwo: Float = 0.707_106_77
        for i in 0..<count {
            let x = values[i]
            values[i] = 0.5 * x * (1 + erff(x * inverseRootTwo))
        }
    }
}

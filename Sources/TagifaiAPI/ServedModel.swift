/// What the routes need from a loaded model: its documents as JSON and its prediction function.
///
/// Keeping the routes behind this value lets them be built and tested without training a model.
package struct ServedModel: Sendable {
    /// The performance document: an object whose members (`overall`, `class`, `slices`) are its sections.
    package var performance: JSONValue
    /// Every training argument, as an object in the order they were defined.
    package var args: JSONValue
    /// The tags the model can predict.
    package var classes: [String]
    /// The tag of each text, in input order.
    package var predict: @Sendable ([String]) -> [String]
    /// Whether a prediction takes long enough (milliseconds of CPU per text) to run on a worker's
    /// `ComputePool` rather than on the event loop that received the request.
    package var isCostly = false

    /// A model for the routes; a costly one (`isCostly`) predicts on the worker's compute pool.
    package init(
        performance: JSONValue, args: JSONValue, classes: [String], predict: @escaping @Sendable ([String]) -> [String],
        isCostly: Bool = false
    ) {
        self.performance = performance
        self.args = args
        self.classes = classes
        self.predict = predict
        self.isCostly = isCostly
    }
}

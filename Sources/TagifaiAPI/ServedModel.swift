/// What the routes need from a loaded model: its documents as JSON and its prediction function.
///
/// Keeping the routes behind this value lets them be built and tested without training a model.
struct ServedModel: Sendable {
    /// The performance document: an object whose members (`overall`, `class`, `slices`) are its sections.
    var performance: JSONValue
    /// Every training argument, as an object in the order they were defined.
    var args: JSONValue
    /// The tags the model can predict.
    var classes: [String]
    /// The tag of each text, in input order.
    var predict: @Sendable ([String]) -> [String]
    /// Whether a prediction takes long enough (milliseconds of CPU per text) to run on a worker's
    /// `ComputePool` rather than on the event loop that received the request.
    var isCostly = false
}

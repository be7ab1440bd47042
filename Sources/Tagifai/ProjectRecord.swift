/// One labelled project: the columns of the training CSV that the recipe uses.
public struct ProjectRecord: Sendable, Equatable {
    public var title: String
    public var description: String
    public var tag: String

    public init(title: String, description: String, tag: String) {
        self.title = title
        self.description = description
        self.tag = tag
    }

    /// The text the model reads: title + " " + description.
    public var text: String { title + " " + description }
}

import Diagnostics
import GlidepathCore
public import Plan
public import Spec
public import Testing

/// The checked plan of an example, named as the README's commands name it.
public func examplePlan(_ example: String) throws -> CheckedPlan {
    let bytes = try readBytes(packageRoot + "/examples/\(example).yaml")
    return try #require(Glidepath.check(bytes: bytes, path: "examples/\(example).yaml").plan)
}

/// The checked plan of spec text, or a test failure naming its diagnostics.
public func checkedPlan(_ yaml: String, path: String = "spec.yaml", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> CheckedPlan
{
    let checked = Glidepath.check(bytes: Array(yaml.utf8), path: path)
    return try #require(checked.plan, "\(checked.diagnostics.all.map(\.message))", sourceLocation: sourceLocation)
}

/// An example's spec as written, for assertions that compare an output with the spec itself
/// rather than with the plan made from it.
public func exampleSpec(_ example: String) throws -> MigrationSpec {
    var diagnostics = Diagnostics()
    let read = SpecReader.read(
        bytes: try readBytes(packageRoot + "/examples/\(example).yaml"), path: "examples/\(example).yaml", diagnostics: &diagnostics)
    return try #require(read.spec)
}

/// The checked plan of an example after a textual edit of its spec (the plan itself cannot be
/// edited: only the checker makes one).
public func examplePlan(
    _ example: String, replacing old: String, with new: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> CheckedPlan {
    let text = String(decoding: try readBytes(packageRoot + "/examples/\(example).yaml"), as: UTF8.self)
    try #require(text.contains(old), "examples/\(example).yaml has no '\(old)'", sourceLocation: sourceLocation)
    return try checkedPlan(text.replacingOccurrences(of: old, with: new), path: "examples/\(example).yaml", sourceLocation: sourceLocation)
}

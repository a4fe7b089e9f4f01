import Foundation

/// The checkout's top folder, found from this file's place in it.
public let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// The specs in `examples/`, by name.
public let examples = ["minimal", "orders-shipping-zone", "monolith-to-kubernetes", "orders-extraction"]

/// A file's bytes.
public func readBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

extension [UInt8] {
    public init(contentsOf path: String) throws {
        self = try readBytes(path)
    }
}

import Diagnostics

/// A fixture with its expected spot marked inline by `1️⃣`, as swift-format's rule tests do,
/// so a test says "this key, this column" without counting by hand.
struct Marked {
    static let marker = "1️⃣"
    var text: String
    var location: SourceLocation?

    init(_ marked: String) {
        var line = 1
        var column = 1
        var found: SourceLocation?
        var rest = Substring(marked)
        var clean = ""
        while !rest.isEmpty {
            if rest.hasPrefix(Self.marker) {
                found = SourceLocation(line: line, column: column)
                rest = rest.dropFirst(Self.marker.count)
                continue
            }
            let character = rest.removeFirst()
            clean.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        text = clean
        location = found
    }
}

/// A spec with the required parts filled in; `body` adds top-level sections.
func spec(metadata: String = "", body: String) -> String {
    """
    apiVersion: glidepath.dev/v1alpha1
    kind: Migration
    metadata:
      name: orders-test
      service: orders
      owners: [team]
    \(metadata)
    \(body)
    """
}

let deployment = "workload:\n  deployment: orders\n"

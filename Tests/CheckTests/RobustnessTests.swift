import Foundation
import GlidepathCore
import TestSupport
import Testing

/// Thousands of mutated specs: every one must end in diagnostics or output, never a crash.
@Suite struct RobustnessTests {
    static let fragments = [
        "", " ", "\n", ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!int ", "\"", "'", "#", "0", "-1", "100", "1e400",
        "9999999999999999999999", "999999999d", ".nan", "yes", "null", "~", "%", "\t", "\u{0}", "é", "weight: 50",
        "steps: []", "holdPoints: [{at: 7}]", "routing: subset", "analysis: true", "pause: 0s", "mirror: {host: x}",
    ]

    @Test func mutatedSpecsNeverCrash() throws {
        let path = packageRoot + "/examples/orders-shipping-zone.yaml"
        let original = Array(try String(contentsOfFile: path, encoding: .utf8))
        var random = SplitMix(state: 2026)
        var outcomes = (diagnosed: 0, compiled: 0)
        for _ in 0..<1500 {
            var text = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<text.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: text.remove(at: position)
                case 1: text.insert(contentsOf: Self.fragments.randomElement(using: &random) ?? "", at: position)
                default:
                    text.replaceSubrange(position..<min(text.count, position + 5), with: Self.fragments.randomElement(using: &random) ?? "")
                }
            }
            let checked = Glidepath.check(bytes: Array(String(text).utf8), path: "mutant.yaml")
            if let plan = checked.plan {
                _ = try Glidepath.render(plan)
                outcomes.compiled += 1
            } else {
                #expect(checked.diagnostics.hasErrors)
                #expect(checked.diagnostics.all.allSatisfy { $0.range != nil || $0.id.hasPrefix("file.") })
                outcomes.diagnosed += 1
            }
        }
        #expect(outcomes.diagnosed > 100 && outcomes.compiled > 100, "\(outcomes)")
    }
}

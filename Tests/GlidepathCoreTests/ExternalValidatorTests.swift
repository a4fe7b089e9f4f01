import Foundation
import Testing

/// The output of every example, accepted by its real consumers: the upstream CRD schemas
/// (with the Argo Rollouts controller's own checks) and promtool.
@Suite(.serialized) struct ExternalValidatorTests {
    static func compileExamples() throws -> URL {
        let binary = try glidepathBinary()
        let out = try temporaryDirectory("validate")
        for example in examples {
            let result = try run(binary, ["compile", "examples/\(example).yaml", "--out", out.appendingPathComponent(example).path],
                                 directory: packageRoot)
            try #require(result.status == 0, "compile \(example) failed: \(result.errors)")
        }
        return out
    }

    @Test func manifestsPassTheUpstreamSchemas() throws {
        let tool = sharedTools + "/validate-manifests"
        try #require(FileManager.default.isExecutableFile(atPath: tool), "missing \(tool): ../shared must sit beside the repository")
        let out = try Self.compileExamples()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try run(tool, [out.path])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.hasSuffix("passed, 0 failed"), "\(summary)")
        #expect(!summary.hasPrefix("0 passed"))
    }

    @Test func promqlPassesPromtool() throws {
        let tool = sharedTools + "/check-promql"
        try #require(FileManager.default.isExecutableFile(atPath: tool), "missing \(tool)")
        let out = try Self.compileExamples()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try run(tool, [out.path])
        try #require(result.status != 2, "promtool is missing: \(result.errors) (scripts/setup.sh installs it)")
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.hasSuffix("passed, 0 failed") && !summary.hasPrefix("0 passed"), "\(summary)")
    }

    /// The generated JSON Schema accepts the examples and rejects a typo, as editors will.
    @Test func jsonSchemaAgreesWithTheChecker() throws {
        let directory = try temporaryDirectory("schema")
        defer { try? FileManager.default.removeItem(at: directory) }
        let typo = directory.appendingPathComponent("typo.yaml")
        let minimal = try String(contentsOfFile: packageRoot + "/examples/minimal.yaml", encoding: .utf8)
        try Data(minimal.replacingOccurrences(of: "  owners:", with: "  ownres:").utf8).write(to: typo)
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            for path in sys.argv[2:]:
                errors = list(jsonschema.Draft7Validator(schema).iter_errors(yaml.safe_load(open(path))))
                print(path, "valid" if not errors else "invalid")
            """
        let paths = examples.map { packageRoot + "/examples/\($0).yaml" } + [typo.path]
        let result = try run("/usr/bin/env", ["python3", "-c", script, packageRoot + "/docs/glidepath.schema.json"] + paths)
        try #require(result.status == 0, "python3 with jsonschema and PyYAML is needed: \(result.errors)")
        let verdicts = result.output.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(verdicts == ["valid", "valid", "valid", "invalid"], "\(result.output)")
    }
}

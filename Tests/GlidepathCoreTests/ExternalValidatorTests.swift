import Foundation
import TestSupport
import Testing

/// The output of every example, accepted by its real consumers: the upstream CRD schemas
/// (with the Argo Rollouts controller's own checks) and promtool.
@Suite(.serialized) struct ExternalValidatorTests {
    static func compileExamples() throws -> URL {
        let binary = try glidepathBinary()
        let out = try temporaryDirectory("validate")
        for example in examples {
            let result = try run(
                binary, ["compile", "examples/\(example).yaml", "--out", out.appendingPathComponent(example).path],
                directory: packageRoot)
            try #require(result.status == 0, "compile \(example) failed: \(result.errors)")
        }
        return out
    }

    /// Compiles the examples, runs one shared tool over the output, and expects every item it
    /// checks to pass (and at least one to be checked). Exit 2 means the tool itself is missing
    /// something, which fails loudly with `missing`.
    static func expectExamplesPass(_ toolName: String, missing: String) throws {
        let tool = sharedTools + "/" + toolName
        try #require(FileManager.default.isExecutableFile(atPath: tool), "missing \(tool): ../shared must sit beside the repository")
        let out = try compileExamples()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try run(tool, [out.path])
        try #require(result.status != 2, "\(toolName) cannot run: \(result.errors) (\(missing))")
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.hasSuffix("passed, 0 failed") && !summary.hasPrefix("0 passed"), "\(summary)")
    }

    @Test func manifestsPassTheUpstreamSchemas() throws {
        try Self.expectExamplesPass("validate-manifests", missing: "it needs Python's jsonschema and PyYAML")
    }

    @Test func promqlPassesPromtool() throws {
        try Self.expectExamplesPass("check-promql", missing: "promtool is missing; scripts/setup-tests.sh installs it")
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
        #expect(verdicts == examples.map { _ in "valid" } + ["invalid"], "\(result.output)")
    }
}

/// Values from a hostile spec reach YAML and PromQL only through their serialisers.
@Suite struct HostileSpecTests {
    static let spec = """
        apiVersion: glidepath.dev/v1alpha1
        kind: Migration
        metadata:
          name: hostile
          service: hostile
          owners: ["<script>alert(1)</script>"]
        prometheus:
          labels:
            job: "a\\"} or vector(1) # \\\\"
            env: "yes"
        workload:
          template:
            image: "registry.example.com/x:1.10"
            env:
              COLON: "key: value # not a comment"
              NEWLINE: "line one\\nline two"
              BOOLISH: "no"
              NULLISH: "null"
              STAR: "*alias"
              SPACES: "  padded  "
        """

    @Test func hostileValuesSurviveSerialisationAndValidation() throws {
        let directory = try temporaryDirectory("hostile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specPath = directory.appendingPathComponent("hostile.yaml").path
        try Data(Self.spec.utf8).write(to: URL(fileURLWithPath: specPath))
        let out = directory.appendingPathComponent("out").path
        let compiled = try run(try glidepathBinary(), ["compile", specPath, "--out", out])
        try #require(compiled.status == 0, "\(compiled.errors)")
        let manifests = try run(sharedTools + "/validate-manifests", [out])
        #expect(manifests.status == 0, "\(manifests.output)")
        let promql = try run(sharedTools + "/check-promql", [out])
        #expect(promql.status == 0, "\(promql.output)")

        let script = """
            import json, sys, yaml
            docs = list(yaml.safe_load_all(open(sys.argv[1])))
            env = docs[0]["spec"]["template"]["spec"]["containers"][0]["env"]
            query = list(yaml.safe_load_all(open(sys.argv[2])))[0]["spec"]["metrics"][0]["provider"]["prometheus"]["query"]
            print(json.dumps({"env": {e["name"]: e["value"] for e in env}, "query": query}))
            """
        let read = try run(
            "/usr/bin/env", ["python3", "-c", script, out + "/manifests/rollout.yaml", out + "/manifests/analysis-template.yaml"])
        try #require(read.status == 0, "\(read.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [String: Any])
        let env = try #require(json["env"] as? [String: String])
        #expect(
            env == [
                "BOOLISH": "no", "COLON": "key: value # not a comment", "NEWLINE": "line one\nline two",
                "NULLISH": "null", "SPACES": "  padded  ", "STAR": "*alias",
            ])
        let query = try #require(json["query"] as? String)
        #expect(query.contains(#"job="a\"} or vector(1) # \\""#), "\(query)")
        #expect(query.contains(#"env="yes""#))
    }
}

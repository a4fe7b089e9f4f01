import Foundation
import TestSupport
import Testing

/// The command line as CI and a platform engineer meet it: usage errors exit 2 with a
/// suggestion, diagnostics as GitHub annotations and as SARIF that validates against the
/// SARIF 2.1.0 schema, the plan as JSON, --quiet and --color, and spec discovery that skips
/// other YAML but never a broken spec.
@Suite struct CIOutputTests {
    static let unsafe = """
        apiVersion: glidepath.dev/v1alpha1
        kind: Migration
        metadata:
          name: lint-example
          service: orders
          owners: [team-orders]
        workload:
          deployment: orders
        data:
          database: app
          expand:
            - sql: ALTER TABLE orders RENAME COLUMN zone TO shipping_zone;
              undo: SELECT 1;
            - sql: ALTER TABLE orders ADD COLUMN note text;
              undo: SELECT 1;

        """

    static func unsafeSpec() throws -> (folder: URL, path: String) {
        let folder = try temporaryDirectory("ci-output")
        let path = folder.appendingPathComponent("lint, with: odd%name.yaml").path
        try Data(unsafe.utf8).write(to: URL(fileURLWithPath: path))
        return (folder, path)
    }

    @Test func usageErrorsExit2AndSuggestTheCommand() throws {
        let binary = try glidepathBinary()
        let typo = try run(binary, ["compil", "examples/minimal.yaml"], directory: packageRoot)
        #expect(typo.status == 2)
        #expect(typo.errors.contains("unknown command 'compil'; did you mean 'compile'?"))
        #expect(try run(binary, ["check", "--bogus", "examples/minimal.yaml"], directory: packageRoot).status == 2)
        #expect(try run(binary, ["check", "--format", "xml", "examples/minimal.yaml"], directory: packageRoot).status == 2)
        #expect(try run(binary, ["check", "--help"]).status == 0)
    }

    @Test func githubAnnotationsCarryFileLineColumnAndRule() throws {
        let (folder, path) = try Self.unsafeSpec()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try run(try glidepathBinary(), ["check", "--format", "github", path])
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.output)")
        // The runner's escaping: ',' and ':' in properties, newlines in the message.
        let file = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
        #expect(lines.first?.hasPrefix("::error file=\(file),line=12,col=12,endLine=12,endColumn=") == true, "\(lines)")
        #expect(lines.first?.contains(",title=check.sql-rename::unsafe in the expand phase: renaming") == true)
        #expect(lines.first?.contains("%0Anote: add the new name") == true)
        #expect(lines.last?.hasPrefix("::warning file=\(file),line=14,") == true)
        #expect(!result.output.contains("\n\n"))
    }

    @Test func sarifValidatesAgainstTheSARIFSchema() throws {
        let (folder, path) = try Self.unsafeSpec()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try run(try glidepathBinary(), ["check", "--format", "sarif", path])
        #expect(result.status == 1)
        let log = folder.appendingPathComponent("glidepath.sarif")
        try Data(result.output.utf8).write(to: log)
        let schema = URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent(
            "shared/schemas/sarif/sarif-schema-2.1.0.json")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            log = json.load(open(sys.argv[2]))
            errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
            for error in errors: print(error.message)
            run = log["runs"][0]
            rules = run["tool"]["driver"]["rules"]
            assert [r["id"] for r in rules] == ["check.sql-rename", "check.sql-not-rerunnable"], rules
            assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
            for result in run["results"]:
                region = result["locations"][0]["physicalLocation"]["region"]
                assert region["startLine"] >= 1 and region["startColumn"] >= 1, region
                assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            print("results", len(run["results"]))
            """
        let checked = try run("/usr/bin/env", ["python3", "-c", script, schema.path, log.path])
        #expect(checked.status == 0, "\(checked.output)\(checked.errors)")
        #expect(checked.output == "results 2\n", "\(checked.output)")
    }

    @Test func planAsJSONHoldsTheTimelineAndTheDataPlan() throws {
        let result = try run(
            try glidepathBinary(), ["plan", "--format", "json", "examples/orders-shipping-zone.yaml"], directory: packageRoot)
        #expect(result.status == 0, "\(result.errors)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let steps = try #require(plan["steps"] as? [[String: Any]])
        #expect(steps.compactMap { $0["weight"] as? Int } == [2, 5, 20, 50, 100])
        #expect(steps.contains { $0["hold"] is [String: Any] })
        #expect((plan["dataPhases"] as? [[String: Any]])?.first?["file"] as? String == "sql/010-expand.sql")
        #expect((plan["wayBack"] as? [[String: Any]])?.isEmpty == false)
        #expect(((plan["breachToStable"] as? [String: Any])?["seconds"] as? Double ?? 0) > 0)
        #expect((plan["gates"] as? [String: Any])?["template"] as? String == "orders-slo")
    }

    @Test func quietPrintsOnlyProblemsAndColorIsAChoice() throws {
        let binary = try glidepathBinary()
        let quiet = try run(binary, ["check", "--quiet", "examples/minimal.yaml"], directory: packageRoot)
        #expect(quiet.status == 0 && quiet.output.isEmpty && quiet.errors.isEmpty)
        let (folder, path) = try Self.unsafeSpec()
        defer { try? FileManager.default.removeItem(at: folder) }
        let quietFailure = try run(binary, ["check", "-q", path])
        #expect(quietFailure.status == 1 && quietFailure.errors.contains("check.sql-rename"))
        #expect(try run(binary, ["check", "--color", "always", path]).errors.contains("\u{1B}["))
        #expect(!(try run(binary, ["check", "--color", "never", path]).errors.contains("\u{1B}[")))
        #expect(!(try run(binary, ["check", path], environment: ["NO_COLOR": "1"]).errors.contains("\u{1B}[")))
    }

    @Test func siteTakesOnlySpecsSkipsOtherYAMLAndHonoursExclude() throws {
        let binary = try glidepathBinary()
        let folder = try temporaryDirectory("discovery")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let specs = folder.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs.appendingPathComponent("drafts"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: packageRoot + "/examples/minimal.yaml", toPath: specs.path + "/minimal.yaml")
        try FileManager.default.copyItem(
            atPath: packageRoot + "/examples/orders-shipping-zone.yaml", toPath: specs.path + "/drafts/orders.yaml")
        try Data("replicas: 3\n".utf8).write(to: specs.appendingPathComponent("values.yaml"))
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".utf8).write(to: specs.appendingPathComponent("cm.yaml"))

        let site = try run(binary, ["site", specs.path, "--out", out, "--exclude", "drafts/**"])
        #expect(site.status == 0, "\(site.errors)")
        #expect(site.output.contains("1 runbook,"))
        #expect(site.errors.contains("skipped 2 YAML files that are not a spec") && site.errors.contains("cm.yaml, values.yaml"))
        let listed = try run(binary, ["specs", specs.path])
        #expect(listed.output == "\(specs.path)/drafts/orders.yaml\n\(specs.path)/minimal.yaml\n")
        // Many stars from a command line still match as one: every spec is left out.
        let starred = try run(
            binary, ["specs", specs.path, "--exclude", String(repeating: "*", count: 40) + "/*" + ".yaml", "--exclude", "*.yaml"])
        #expect(starred.status == 0 && starred.output.isEmpty, "\(starred.output)")

        // A spec with a syntax error is still a spec: reported, never skipped.
        try Data("kind: Migration\nmetadata: [\n".utf8).write(to: specs.appendingPathComponent("broken.yaml"))
        let broken = try run(binary, ["site", specs.path, "--out", out])
        #expect(broken.status == 1 && broken.errors.contains("broken.yaml:"))
        let manifests = try run(binary, ["manifests", folder.path])
        #expect(manifests.status != 0)
    }

    @Test func checkRepoDriftBecomesAnnotations() throws {
        let fixture = try GitFixture()
        let repo = try fixture.clone("ci")
        let spec = try fixture.spec(from: "minimal")
        let binary = try glidepathBinary()
        let drift = try run(binary, ["check-repo", spec, "--repo", repo, "--format", "github"])
        #expect(drift.status == 1)
        let annotations = drift.output.split(separator: "\n")
        let folder = "::error file=apps/payments/migrations/payments-api-v2/"
        #expect(annotations.contains { $0.hasPrefix(folder + "manifests/rollout.yaml,") })
        #expect(annotations.allSatisfy { $0.hasPrefix(folder) || $0.hasPrefix("::error file=.glidepath/lock.json,") })
        #expect(annotations.allSatisfy { $0.contains("title=repo.drift::") })
        #expect(drift.errors.contains("+++ "), "the unified diff goes to standard error, for the job summary")
    }
}

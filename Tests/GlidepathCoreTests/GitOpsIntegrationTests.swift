import Foundation
import TestSupport
import Testing

/// The shipped Argo CD plugin configuration and GitHub Actions workflows, run as their hosts
/// would run them, so they cannot drift from the command line they call.
@Suite struct GitOpsIntegrationTests {
    static let docs = packageRoot + "/docs/gitops"

    /// Runs a command of plugin.yaml the way the cmp-server does: in the Application's source
    /// folder, with glidepath on PATH and the Application's plugin env as ARGOCD_ENV_*.
    func pluginCommand(_ stage: String, in folder: String, environment: [String: String] = [:]) throws -> Run {
        let extract = """
            import json, sys, yaml
            spec = yaml.safe_load(open(sys.argv[1]))['spec'][sys.argv[2]]
            spec = spec.get('find', spec)
            print(json.dumps(spec['command'] + spec.get('args', [])))
            """
        let parsed = try run("/usr/bin/env", ["python3", "-c", extract, Self.docs + "/argocd-cmp-plugin.yaml", stage])
        try #require(parsed.status == 0, "\(parsed.errors)")
        let argv = try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [String])
        let binaryFolder = URL(fileURLWithPath: try glidepathBinary()).deletingLastPathComponent().path
        var env = environment
        env["PATH"] = binaryFolder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try run("/usr/bin/env", argv, directory: folder, environment: env)
    }

    @Test func theArgoCDPluginFindsSpecFoldersAndPrintsManifestsTheSchemasAccept() throws {
        let folder = try temporaryDirectory("cmp")
        defer { try? FileManager.default.removeItem(at: folder) }
        for example in ["minimal", "orders-shipping-zone"] {
            try FileManager.default.copyItem(atPath: "\(packageRoot)/examples/\(example).yaml", toPath: folder.path + "/\(example).yaml")
        }
        try "replicas: 3\n".write(toFile: folder.path + "/values.yaml", atomically: true, encoding: .utf8)
        let plain = try temporaryDirectory("cmp-plain")
        defer { try? FileManager.default.removeItem(at: plain) }
        try "kind: ConfigMap\n".write(toFile: plain.path + "/cm.yaml", atomically: true, encoding: .utf8)

        let discovered = try pluginCommand("discover", in: folder.path)
        #expect(discovered.output.split(separator: "\n").sorted() == ["./minimal.yaml", "./orders-shipping-zone.yaml"])
        #expect(try pluginCommand("discover", in: plain.path).output.isEmpty, "a folder without specs is not glidepath's")

        let generated = try pluginCommand("generate", in: folder.path)
        #expect(generated.status == 0, "\(generated.errors)")
        let stream = folder.appendingPathComponent("stream.out")
        try generated.output.write(to: stream, atomically: true, encoding: .utf8)
        let validated = try run(sharedTools + "/validate-manifests", [stream.path])
        try #require(validated.status != 2, "validate-manifests cannot run: \(validated.errors)")
        #expect(validated.status == 0, "\(validated.output)")
        #expect(generated.output.contains("migration payments-api-v2") && generated.output.contains("migration orders-shipping-zone"))

        let one = try pluginCommand("generate", in: folder.path, environment: ["ARGOCD_ENV_GLIDEPATH_SPEC": "minimal.yaml"])
        #expect(one.status == 0)
        #expect(!one.output.contains("orders-shipping-zone"))

        try "apiVersion: glidepath.dev/v1alpha1\nkind: Migration\nmetadata:\n  nme: x\n".write(
            toFile: folder.path + "/broken.yaml", atomically: true, encoding: .utf8)
        let broken = try pluginCommand("generate", in: folder.path)
        #expect(broken.status == 1)
        #expect(broken.errors.contains("./broken.yaml:4:3: error: unknown key 'nme'"))
    }

    @Test(arguments: ["github-actions-publish.yml", "github-actions-check-repo.yml"])
    func everyGlidepathCommandInTheWorkflowsExistsWithItsFlags(_ workflow: String) throws {
        let extract = """
            import re, sys, yaml
            doc = yaml.safe_load(open(sys.argv[1]))
            for job in doc['jobs'].values():
                for step in job['steps']:
                    for line in step.get('run', '').splitlines():
                        m = re.search(r'\\bglidepath (\\w[\\w-]*)(.*)', line)
                        if m and not line.strip().startswith('git '):
                            flags = re.findall(r'(--[a-z][a-z-]*)', m.group(2))
                            print(m.group(1), *flags)
            """
        let parsed = try run("/usr/bin/env", ["python3", "-c", extract, Self.docs + "/" + workflow])
        try #require(parsed.status == 0, "\(parsed.errors)")
        let invocations = parsed.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(!invocations.isEmpty)
        let binary = try glidepathBinary()
        for invocation in invocations {
            let help = try run(binary, [invocation[0], "--help"])
            #expect(help.status == 0, "\(workflow): glidepath has no '\(invocation[0])' command")
            for flag in invocation.dropFirst() {
                #expect(help.output.contains(flag), "\(workflow): glidepath \(invocation[0]) has no \(flag)")
            }
        }
    }
}

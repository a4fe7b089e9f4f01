import Files
import Foundation
import TestSupport
import Testing

/// The data Jobs of a plan whose phases run in the cluster, read back from the generated
/// manifests and run as the cluster would run them: each phase's container command and
/// arguments exactly as written, `$(VARIABLE)` filled from the container's environment (the
/// Secret's value) by Kubernetes' rules, from its working directory with the SQL files that
/// the ConfigMap mounts there.
struct ClusterJobs {
    struct Container: Decodable, Equatable {
        var command: [String]
        var args: [String]
        var workingDir: String
        var mountPath: String
        /// The environment variable the Secret fills.
        var secretVariable: String
        /// A suspended Job runs no pod.
        var suspended: Bool
    }

    struct Manifests: Decodable {
        /// By phase file (`sql/010-expand.sql`), every container that runs it: the PreSync hook,
        /// the analysis Job, the CronJob.
        var containers: [String: [Container]]
        var configMap: [String: String]
        /// `kind/name` of every object, in file order.
        var objects: [String]
    }

    let manifests: Manifests
    let folder: URL

    init(artifacts: [Artifact]) throws {
        folder = try temporaryDirectory("cluster-jobs")
        let manifestFolder = folder.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: manifestFolder, withIntermediateDirectories: true)
        for artifact in artifacts where artifact.path.hasPrefix("manifests/") && artifact.path.hasSuffix(".yaml") {
            try artifact.contents.write(
                to: manifestFolder.appendingPathComponent(String(artifact.path.dropFirst(10))), atomically: true, encoding: .utf8)
        }
        let script = """
            import glob, json, sys, yaml
            out = {'containers': {}, 'configMap': {}, 'objects': []}
            def pod(spec):
                suspended = bool(spec.get('suspend', False))
                for container in spec['template']['spec']['containers']:
                    mounts = [m['mountPath'] for m in container.get('volumeMounts', []) if m['name'] == 'sql']
                    secret = [e['name'] for e in container.get('env', []) if 'valueFrom' in e]
                    file = container['args'][container['args'].index('-f') + 1]
                    out['containers'].setdefault(file, []).append({
                        'command': container['command'], 'args': container['args'], 'workingDir': container['workingDir'],
                        'mountPath': mounts[0], 'secretVariable': secret[0], 'suspended': suspended})
            for path in sorted(glob.glob(sys.argv[1] + '/*.yaml')):
                for doc in yaml.safe_load_all(open(path)):
                    if not doc: continue
                    out['objects'].append(doc['kind'] + '/' + doc.get('metadata', {}).get('name', ''))
                    # The rehearsal's load test is a Job too; it runs k6, not psql.
                    if path.endswith('/rehearsal.yaml'): continue
                    if doc['kind'] == 'Job': pod(doc['spec'])
                    elif doc['kind'] == 'CronJob': pod(doc['spec']['jobTemplate']['spec'])
                    elif doc['kind'] == 'AnalysisTemplate':
                        for metric in doc['spec']['metrics']:
                            if 'job' in metric['provider']: pod(metric['provider']['job']['spec'])
                    elif doc['kind'] == 'ConfigMap' and doc['metadata']['name'].endswith('-sql'):
                        out['configMap'] = doc['data']
            print(json.dumps(out))
            """
        let parsed = try run("/usr/bin/env", ["python3", "-c", script, manifestFolder.path])
        try #require(parsed.status == 0, "\(parsed.errors)")
        manifests = try JSONDecoder().decode(Manifests.self, from: Data(parsed.output.utf8))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Kubernetes' expansion of `$(NAME)` in a container's arguments: a defined variable is
    /// replaced, `$$` is one `$`, anything else stays as written.
    static func expand(_ argument: String, _ environment: [String: String]) -> String {
        var out = ""
        var rest = Substring(argument)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let tail = rest[dollar...]
            if tail.hasPrefix("$$") {
                out += "$"
                rest = tail.dropFirst(2)
            } else if tail.hasPrefix("$("), let close = tail.firstIndex(of: ")"),
                let value = environment[String(tail[tail.index(dollar, offsetBy: 2)..<close])]
            {
                out += value
                rest = tail[tail.index(after: close)...]
            } else {
                out += "$"
                rest = tail.dropFirst()
            }
        }
        return out + rest
    }

    /// Runs a phase file's container as the cluster would: the ConfigMap's files under the mount
    /// path, from the working directory, `connection` in the Secret's variable. Every Job that
    /// runs the file (the analysis step's and the CronJob's) has the same container.
    func runPhase(_ file: String, connection: String, psql: String) throws -> TimedRun {
        let containers = try #require(manifests.containers[file], "no Job runs \(file): \(manifests.containers.keys.sorted())")
        #expect(containers.allSatisfy { $0 == containers[0] }, "the Jobs of \(file) differ")
        var last: TimedRun?
        for container in containers.prefix(1) {
            let root = folder.appendingPathComponent("pod")
            let mount = root.appendingPathComponent(String(container.mountPath.dropFirst()))
            try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
            for (name, text) in manifests.configMap {
                try text.write(to: mount.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let working = root.appendingPathComponent(String(container.workingDir.dropFirst())).path
            let arguments = container.args.map { Self.expand($0, [container.secretVariable: connection]) }
            try #require(container.command == ["psql"], "\(container.command)")
            try #require(!container.suspended, "\(file): its Job is suspended and runs no pod")
            last = try timedRun("/usr/bin/env", ["-C", working, psql] + arguments)
        }
        return try #require(last)
    }
}

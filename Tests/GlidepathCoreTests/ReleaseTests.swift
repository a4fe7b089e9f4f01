import Foundation
import TestSupport
import Testing

/// The release as a platform engineer installs it: scripts/release.sh builds the tarball and
/// the Debian package twice with the same bytes; the binary needs only the C library family;
/// it runs in a root holding nothing but itself and those libraries, and gives the same files
/// as the development build; and in the sidecar's root file system (Debian minbase and the
/// package, as docs/gitops/Containerfile builds it) the Argo CD plugin's generate command
/// prints manifests the schemas accept. Needs root (chroot, mounting /proc) and network for
/// debootstrap, as CI has.
@Suite(.serialized) struct ReleaseTests {
    static let allowedLibraries = ["linux-vdso.so.1", "libc.so.6", "libm.so.6", "libgcc_s.so.1", "libstdc++.so.6", "ld-linux-x86-64.so.2"]

    static func release() throws -> String {
        let result = try run("/bin/bash", ["scripts/release.sh"], directory: packageRoot)
        try #require(result.status == 0, "release.sh failed:\n\(result.errors.suffix(3000))")
        return try String(contentsOfFile: packageRoot + "/dist/SHA256SUMS", encoding: .utf8)
    }

    static func package() throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/dist")
        return packageRoot + "/dist/" + (try #require(names.first { $0.hasSuffix(".deb") }))
    }

    /// A folder holding the package's files and nothing else but the libraries `ldd` names.
    static func bareRoot() throws -> URL {
        let root = try temporaryDirectory("bare-root")
        let extract = try run("/usr/bin/dpkg-deb", ["-x", try package(), root.path])
        try #require(extract.status == 0, "\(extract.errors)")
        let binary = root.appendingPathComponent("usr/bin/glidepath").path
        let ldd = try run("/usr/bin/ldd", [binary])
        for path in ldd.output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).filter({ $0.hasPrefix("/") }) {
            let target = root.appendingPathComponent(String(path.dropFirst()))
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: String(path)).resolvingSymlinksInPath(), to: target)
        }
        return root
    }

    /// Runs a command chrooted into `root` with /proc mounted (Swift reads its arguments there).
    static func chrooted(_ root: URL, user: String? = nil, _ command: [String]) throws -> Run {
        let proc = root.appendingPathComponent("proc").path
        try FileManager.default.createDirectory(atPath: proc, withIntermediateDirectories: true)
        let mount = try run("/bin/mount", ["-t", "proc", "proc", proc])
        try #require(mount.status == 0, "mounting /proc in the test root needs root: \(mount.errors)")
        defer { _ = try? run("/bin/umount", [proc]) }
        let userspec = user.map { ["--userspec=\($0)"] } ?? []
        return try run("/usr/sbin/chroot", userspec + [root.path] + command, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test func packagesAreReproducibleAndTheBinaryNeedsNoToolchain() throws {
        let first = try Self.release()
        let second = try Self.release()
        #expect(first == second, "a second build of the same commit gave other bytes")
        #expect(first.contains(".tar.gz") && first.contains(".deb"))

        let root = try Self.bareRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let ldd = try run("/usr/bin/ldd", [root.appendingPathComponent("usr/bin/glidepath").path])
        let needed = ldd.output.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(needed.allSatisfy { name in Self.allowedLibraries.contains { name.hasSuffix($0) } }, "\(ldd.output)")

        let contents = try run("/usr/bin/dpkg-deb", ["-c", try Self.package()]).output
        for path in [
            "./usr/bin/glidepath", "./usr/share/man/man1/glidepath.1.gz", "./usr/share/bash-completion/completions/glidepath",
            "./usr/share/zsh/vendor-completions/_glidepath", "./usr/share/fish/vendor_completions.d/glidepath.fish",
            "./usr/share/doc/glidepath/copyright",
        ] {
            #expect(contents.contains(path), "the package lacks \(path)")
        }

        // No Swift toolchain, no shell, no C libraries but the C library family in that root.
        let spec = root.appendingPathComponent("orders.yaml")
        try FileManager.default.copyItem(atPath: packageRoot + "/examples/orders-shipping-zone.yaml", toPath: spec.path)
        // chroot starts in /, so the relative names match the development run below.
        let compiled = try Self.chrooted(root, ["/usr/bin/glidepath", "compile", "orders.yaml", "--out", "out"])
        #expect(compiled.status == 0, "\(compiled.errors)")
        let reference = try temporaryDirectory("reference")
        defer { try? FileManager.default.removeItem(at: reference) }
        let development = try run(
            try glidepathBinary(), ["compile", "orders.yaml", "--out", reference.appendingPathComponent("out").path],
            directory: root.path)
        #expect(development.status == 0)
        for file in try FileManager.default.subpathsOfDirectory(atPath: reference.appendingPathComponent("out").path).sorted() {
            let released = FileManager.default.contents(atPath: root.appendingPathComponent("out/" + file).path)
            let expected = FileManager.default.contents(atPath: reference.appendingPathComponent("out/" + file).path)
            #expect(released == expected, "\(file) differs between the release and the development build")
        }
        let version = try Self.chrooted(root, ["/usr/bin/glidepath", "--version"])
        #expect(version.output.hasPrefix("0."))
    }

    @Test func theArgoCDPluginRunsInTheSidecarRoot() throws {
        if !FileManager.default.fileExists(atPath: packageRoot + "/dist/SHA256SUMS") { _ = try Self.release() }
        let folder = try temporaryDirectory("sidecar")
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("root")
        let built = try run("/bin/bash", ["scripts/sidecar-rootfs.sh", root.path], directory: packageRoot)
        try #require(built.status == 0, "\(built.errors)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("usr/bin/swift").path))

        // The Application's folder as the repo-server checks it out, readable by Argo CD's user.
        let app = root.appendingPathComponent("tmp/app")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        for example in ["minimal", "orders-shipping-zone"] {
            try FileManager.default.copyItem(atPath: packageRoot + "/examples/\(example).yaml", toPath: app.path + "/\(example).yaml")
        }
        try Data("replicas: 3\n".utf8).write(to: app.appendingPathComponent("values.yaml"))
        let extract = """
            import json, sys, yaml
            spec = yaml.safe_load(open(sys.argv[1]))['spec'][sys.argv[2]]
            spec = spec.get('find', spec)
            print(json.dumps(spec['command'] + spec.get('args', [])))
            """
        let plugin = packageRoot + "/docs/gitops/argocd-cmp-plugin.yaml"
        func stage(_ name: String) throws -> [String] {
            let parsed = try run("/usr/bin/env", ["python3", "-c", extract, plugin, name])
            try #require(parsed.status == 0, "\(parsed.errors)")
            return try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [String])
        }
        // chroot cannot change directory for the command, so a shell does (the root has one).
        func inApp(_ argv: [String]) -> [String] {
            ["/bin/sh", "-c", "cd /tmp/app && exec \"$@\"", "sh"] + argv
        }
        let discovered = try Self.chrooted(root, user: "999:999", inApp(try stage("discover")))
        #expect(discovered.status == 0, "\(discovered.errors)")
        #expect(discovered.output == "./minimal.yaml\n./orders-shipping-zone.yaml\n")
        let generated = try Self.chrooted(root, user: "999:999", inApp(try stage("generate")))
        #expect(generated.status == 0, "\(generated.errors)")
        let stream = folder.appendingPathComponent("stream.yaml")
        try Data(generated.output.utf8).write(to: stream)
        let validated = try run(sharedTools + "/validate-manifests", [stream.path])
        try #require(validated.status != 2, "validate-manifests cannot run: \(validated.errors)")
        #expect(validated.status == 0, "\(validated.output)")
    }
}

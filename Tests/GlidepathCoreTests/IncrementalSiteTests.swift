import Foundation
import TestSupport
import Testing

/// `site` into a folder it wrote before: only files whose bytes differ are written, in place;
/// what it wrote and no longer generates is removed (empty folders too); a file changed behind
/// its back is noticed by --check and repaired by the next run; the output does not depend on
/// the order the cores finish in.
@Suite struct IncrementalSiteTests {
    func specs(in directory: URL) throws -> URL {
        let specs = directory.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        for example in examples {
            try FileManager.default.copyItem(atPath: packageRoot + "/examples/\(example).yaml", toPath: specs.path + "/\(example).yaml")
        }
        return specs
    }

    func modified(_ folder: String) throws -> [String: Date] {
        var dates: [String: Date] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + path)
            if attributes[.type] as? FileAttributeType == .typeRegular { dates[path] = attributes[.modificationDate] as? Date }
        }
        return dates
    }

    @Test func unchangedFilesAreLeftAloneAndGoneOnesRemoved() throws {
        let binary = try glidepathBinary()
        let directory = try temporaryDirectory("incremental")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = try specs(in: directory)
        let out = directory.appendingPathComponent("site").path
        let first = try run(binary, ["site", specs.path, "--out", out])
        try #require(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("files (") && first.output.contains(" removed"))
        let before = try modified(out)
        Thread.sleep(forTimeInterval: 1.1)

        let again = try run(binary, ["site", specs.path, "--out", out])
        #expect(again.status == 0)
        #expect(again.output.contains("(0 written, 0 removed, the rest unchanged)"), "\(again.output)")
        #expect(try modified(out) == before, "an unchanged run rewrote files")

        // One spec changes: its runbook and the index change, nothing else is touched.
        let orders = specs.appendingPathComponent("orders-shipping-zone.yaml")
        let text = try String(contentsOf: orders, encoding: .utf8)
        try text.replacingOccurrences(of: "status: in-progress", with: "status: done").write(to: orders, atomically: true, encoding: .utf8)
        let changed = try run(binary, ["site", specs.path, "--out", out])
        #expect(changed.status == 0)
        let after = try modified(out)
        let rewritten = after.filter { before[$0.key] != $0.value }.keys.sorted()
        #expect(rewritten == [".glidepath-record", "index.html", "migrations/orders-shipping-zone/runbook.html"], "\(rewritten)")

        // A spec goes away: its folder goes with it.
        try FileManager.default.removeItem(at: specs.appendingPathComponent("monolith-to-kubernetes.yaml"))
        let removed = try run(binary, ["site", specs.path, "--out", out])
        #expect(removed.status == 0)
        #expect(!FileManager.default.fileExists(atPath: out + "/migrations/storefront-to-kubernetes"))
        let marker = try String(contentsOfFile: out + "/.glidepath-output", encoding: .utf8)
        #expect(!marker.contains("storefront-to-kubernetes") && marker.contains("migrations/payments-api-v2/runbook.html"))
        #expect(try run(binary, ["site", specs.path, "--out", out, "--check"]).status == 0)
    }

    @Test func aFileChangedBehindItsBackIsStaleUntilTheNextRun() throws {
        let binary = try glidepathBinary()
        let directory = try temporaryDirectory("incremental-repair")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = try specs(in: directory)
        let out = directory.appendingPathComponent("site").path
        try #require(try run(binary, ["site", specs.path, "--out", out]).status == 0)
        // As a run killed halfway would leave it: one file cut short, one extra file.
        let runbook = out + "/migrations/payments-api-v2/runbook.html"
        try Data("<!DOCTYPE html>\n".utf8).write(to: URL(fileURLWithPath: runbook))
        try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/migrations/payments-api-v2/leftover.html"))
        let check = try run(binary, ["site", specs.path, "--out", out, "--check"])
        #expect(check.status == 1)
        #expect(check.errors.contains("differs: migrations/payments-api-v2/runbook.html"))
        #expect(check.errors.contains("not generated: migrations/payments-api-v2/leftover.html"))
        let repaired = try run(binary, ["site", specs.path, "--out", out])
        #expect(repaired.output.contains("(1 written, 0 removed"), "\(repaired.output)")
        try FileManager.default.removeItem(atPath: out + "/migrations/payments-api-v2/leftover.html")
        #expect(try run(binary, ["site", specs.path, "--out", out, "--check"]).status == 0)
    }

    @Test func theSameSpecsGiveTheSameBytesWhateverTheScheduling() throws {
        let binary = try glidepathBinary()
        let directory = try temporaryDirectory("incremental-same")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = directory.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        // Enough migrations that several cores share the work.
        for index in 0..<24 {
            let text = try String(contentsOfFile: packageRoot + "/examples/minimal.yaml", encoding: .utf8)
                .replacingOccurrences(of: "name: payments-api-v2", with: "name: payments-\(index)")
            try text.write(toFile: specs.path + "/m\(index).yaml", atomically: true, encoding: .utf8)
        }
        var digests: [[String: Data]] = []
        for name in ["a", "b"] {
            let out = directory.appendingPathComponent(name).path
            try #require(try run(binary, ["site", specs.path, "--out", out]).status == 0)
            var files: [String: Data] = [:]
            for path in try FileManager.default.subpathsOfDirectory(atPath: out) {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: out + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[path] = FileManager.default.contents(atPath: out + "/" + path)
                }
            }
            // The record holds this machine's stamps of the files (inodes, times), by design.
            files[".glidepath-record"] = nil
            digests.append(files)
        }
        #expect(digests[0] == digests[1])
        #expect(digests[0].count > 24 * 5)
    }

    /// Every file of a folder (hidden ones too), by path.
    func contents(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: folder + "/" + path)
            }
        }
        return files
    }

    /// A spec whose bytes, templates and files are as the record says is not rendered again;
    /// anything else about it (its bytes, a file of its own touched, the templates, a damaged
    /// record) makes it rendered, and the folder always ends as a fresh build would leave it.
    @Test func unchangedSpecsAreTakenFromTheRecord() throws {
        let binary = try glidepathBinary()
        let directory = try temporaryDirectory("incremental-record")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = try specs(in: directory)
        let out = directory.appendingPathComponent("site").path
        func build(_ extra: [String] = []) throws -> String {
            let result = try run(binary, ["site", specs.path, "--out", out] + extra)
            try #require(result.status == 0, "\(result.errors)")
            return result.output
        }
        func matchesAFreshBuild(_ extra: [String] = []) throws {
            let fresh = directory.appendingPathComponent("fresh-\(UUID().uuidString)").path
            try #require(try run(binary, ["site", specs.path, "--out", fresh] + extra).status == 0)
            var built = try contents(out)
            var expected = try contents(fresh)
            built[".glidepath-record"] = nil
            expected[".glidepath-record"] = nil
            #expect(built == expected, "differs from a fresh build: \(Set(built.keys).symmetricDifference(expected.keys).sorted())")
            try FileManager.default.removeItem(atPath: fresh)
        }
        let count = examples.count
        #expect(try build().contains("\(count) runbooks, "))
        #expect(try build().contains("\(count) runbooks (\(count) unchanged since the last build, not rendered again)"))

        // A generated file edited by hand (same size, other bytes) is noticed by its stamp.
        let runbook = out + "/migrations/payments-api-v2/runbook.html"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: runbook))
        bytes[bytes.count - 2] = UInt8(ascii: "X")
        try bytes.write(to: URL(fileURLWithPath: runbook))
        let repaired = try build()
        #expect(repaired.contains("(\(count - 1) unchanged") && repaired.contains("(1 written"), "\(repaired)")
        try matchesAFreshBuild()

        // A generated file deleted.
        try FileManager.default.removeItem(atPath: out + "/migrations/payments-api-v2/manifests/rollout.yaml")
        #expect(try build().contains("(\(count - 1) unchanged"))
        #expect(FileManager.default.fileExists(atPath: out + "/migrations/payments-api-v2/manifests/rollout.yaml"))

        // The spec itself changed.
        let minimal = specs.appendingPathComponent("minimal.yaml")
        let text = try String(contentsOf: minimal, encoding: .utf8)
        try text.replacingOccurrences(of: "owners: [team-payments]", with: "owners: [team-payments, sre]").write(
            to: minimal, atomically: true, encoding: .utf8)
        #expect(try build().contains("(\(count - 1) unchanged"))
        try matchesAFreshBuild()

        // Other templates: nothing is taken from the record.
        let templates = directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let signoff = try String(contentsOfFile: packageRoot + "/templates/signoff.mustache", encoding: .utf8)
        try (signoff + "<!-- team -->\n").write(to: templates.appendingPathComponent("signoff.mustache"), atomically: true, encoding: .utf8)
        #expect(!(try build(["--templates", templates.path]).contains("unchanged since")))
        try matchesAFreshBuild(["--templates", templates.path])
        #expect(!(try build().contains("unchanged since")))

        // A damaged record, or one naming files outside the site, is not trusted.
        for damaged in [
            "{not json",
            #"{"inputs":"x","specs":{"minimal.yaml":{"digest":"x","migration":"m","entry":"{}","files":{"../../etc/passwd":{"size":1,"modified":1,"inode":1}}}}}"#,
        ] {
            try damaged.write(toFile: out + "/.glidepath-record", atomically: true, encoding: .utf8)
            #expect(!(try build().contains("unchanged since")))
            try matchesAFreshBuild()
        }
        #expect(try run(binary, ["site", specs.path, "--out", out, "--check"]).status == 0)
    }
}

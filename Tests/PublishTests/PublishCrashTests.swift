import Files
import Foundation
import GlidepathCore
import Publish
import TestSupport
import Testing

/// Publish is killed with SIGKILL at every step, and at random instants. Right after the kill
/// the branch is at the old commit or the new one, never elsewhere; after the next glidepath
/// command in the repository (which finishes or undoes the interrupted publish) the work tree,
/// the index and the history are exactly the old state or exactly the new one.
@Suite struct PublishCrashTests {
    /// A publish that moves two migrations to a new layout: files in new folders, removals
    /// that empty old folders, and a changed lock.
    struct Scenario {
        let fixture: GitFixture
        let binary: String
        let specs: [String]
        let before: WorkTreeState
        let after: WorkTreeState
        /// How long the publish takes here, so random kills spread over all of it.
        let seconds: Double
        static let newLayout = ["--layout", "clusters/{namespace}/{name}"]

        init() throws {
            fixture = try GitFixture()
            binary = try glidepathBinary()
            specs = [try fixture.spec(from: "orders-shipping-zone"), try fixture.spec(from: "minimal")]
            let reference = try fixture.clone("reference")
            try Self.require(try run(binary, ["publish"] + specs + ["--repo", reference]))
            before = try WorkTreeState(reference)
            let start = Date()
            try Self.require(try run(binary, ["publish"] + specs + ["--repo", reference] + Self.newLayout))
            seconds = Date().timeIntervalSince(start)
            after = try WorkTreeState(reference)
        }

        /// A clone holding the state before the publish that will be killed.
        func victim(_ name: String) throws -> String {
            let repo = try fixture.clone(name)
            try Self.require(try run(binary, ["publish"] + specs + ["--repo", repo]))
            try #require(try WorkTreeState(repo) == before)
            return repo
        }

        var publishArguments: [String] { ["publish"] + specs + Self.newLayout }

        static func require(_ result: Run) throws {
            try #require(result.status == 0, "\(result.errors)")
        }

        /// Checks the repository right after a kill and after recovery; returns whether the
        /// publish had reached its commit point.
        @discardableResult
        func verifyAfterKill(_ repo: String, note: String) throws -> Bool {
            let tree = try git(["rev-parse", "HEAD^{tree}"], in: repo)
            #expect(tree == before.tree || tree == after.tree, "\(note): HEAD is neither the old nor the new commit")
            let recovery = try run(binary, ["diff"] + specs + ["--repo", repo])
            #expect(recovery.status == 0, "\(note): \(recovery.errors)")
            let state = try WorkTreeState(repo)
            let committed = state.tree == after.tree
            #expect(state == (committed ? after : before), "\(note): after recovery \(state), expected \(committed ? after : before)")
            #expect(!FileManager.default.fileExists(atPath: repo + "/.git/glidepath/journal.json"), "\(note): journal left behind")
            // And publishing again gets to the new state from either.
            try Self.require(try run(binary, publishArguments + ["--repo", repo]))
            #expect(try WorkTreeState(repo) == after, "\(note): publishing again did not reach the new state")
            return committed
        }
    }

    static let stepsBeforeCommit = [
        "checked", "commit-built", "journal-written", "temporary-written-0", "temporary-written-13", "temporary-written-25",
    ]
    static let stepsAfterCommit = ["decided", "ref-updated", "renamed-0", "renamed-12", "renamed-25", "work-tree-updated", "index-updated"]

    @Test(arguments: stepsBeforeCommit + stepsAfterCommit)
    func killedAtAStep(_ step: String) throws {
        let scenario = try Scenario()
        let repo = try scenario.victim("victim")
        let killed = try run(scenario.binary, scenario.publishArguments + ["--repo", repo], environment: ["GLIDEPATH_TEST_KILL_AT": step])
        #expect(killed.status == 9 || killed.status == 137, "the publish was not killed at \(step): \(killed.status) \(killed.errors)")
        let committed = try scenario.verifyAfterKill(repo, note: "killed at \(step)")
        #expect(committed == Self.stepsAfterCommit.contains(step), "killed at \(step): committed \(committed)")
    }

    @Test func killedAtRandomInstants() throws {
        let scenario = try Scenario()
        var outcomes: [Bool] = []
        for round in 0..<12 {
            let repo = try scenario.victim("victim-\(round)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: scenario.binary)
            process.arguments = scenario.publishArguments + ["--repo", repo]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0...(scenario.seconds * 1.5)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            outcomes.append(try scenario.verifyAfterKill(repo, note: "round \(round)"))
        }
        print("random kills: \(outcomes.filter { $0 }.count) after the commit point, \(outcomes.filter { !$0 }.count) before")
    }

    /// A disk that fills up while the new files are written: nothing changes.
    @Test func aFullDiskChangesNothing() throws {
        let scenario = try Scenario()
        let repo = try scenario.victim("victim")
        let live = FileSystem.live
        let counter = WriteCounter()
        var failing = live
        failing.writeFile = { path, bytes in
            if path.hasSuffix(".glidepath-new"), counter.next() >= 5 {
                throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSLocalizedDescriptionKey: "No space left on device"])
            }
            try live.writeFile(path, bytes)
        }
        let result = Glidepath.publishCommand(
            paths: scenario.specs, options: .init(repository: repo, layout: "clusters/{namespace}/{name}"),
            request: .init(version: Glidepath.version), format: .text, colors: false, fileSystem: failing)
        #expect(result.exitCode == 2)
        #expect(result.errors.contains("No space left on device"))
        #expect(result.errors.contains("nothing was changed"))
        #expect(try WorkTreeState(repo) == scenario.before)
    }
}

final class WriteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}

import Digest
import Files
import Plan
import TestSupport
import Testing

@testable import Publish

@Suite struct RepositoryUpdateTests {
    static let settings = PublishLock.Settings(layout: Layout.standard, application: nil, generator: "glidepath 0.0.0")

    func output(_ files: [String: String], name: String = "m", spec: String = "m.yaml") -> MigrationOutput {
        MigrationOutput(
            name: name, spec: spec, specSHA256: "d", folder: "apps/s/migrations/\(name)",
            files: files.sorted { $0.key < $1.key }.map { Artifact(path: "apps/s/migrations/\(name)/\($0.key)", contents: $0.value) })
    }

    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func firstPublishWritesEverythingAndTheLock() {
        let update = RepositoryUpdate.compute(
            [output(["a": "1", "b": "2"])], lock: nil, settings: Self.settings, current: [:], uncommitted: [], force: false)
        #expect(update.conflicts.isEmpty)
        #expect(update.writes.map(\.path) == ["apps/s/migrations/m/a", "apps/s/migrations/m/b", PublishLock.path])
        #expect(update.lock.migrations["m"]?.files["apps/s/migrations/m/a"] == SHA256.hex(bytes("1")))
    }

    func published(_ files: [String: String]) -> (PublishLock, [String: [UInt8]]) {
        let first = RepositoryUpdate.compute(
            [output(files)], lock: nil, settings: Self.settings, current: [:], uncommitted: [], force: false)
        var current: [String: [UInt8]] = [:]
        for file in first.writes { current[file.path] = bytes(file.contents) }
        return (first.lock, current)
    }

    @Test func unchangedOutputWritesNothing() {
        let (lock, current) = published(["a": "1", "b": "2"])
        let update = RepositoryUpdate.compute(
            [output(["a": "1", "b": "2"])], lock: lock, settings: Self.settings, current: current, uncommitted: [], force: false)
        #expect(update.isEmpty)
        #expect(update.writes.isEmpty)
    }

    @Test func onlyChangedFilesAreWrittenAndDroppedFilesRemoved() {
        let (lock, current) = published(["a": "1", "b": "2", "c": "3"])
        let update = RepositoryUpdate.compute(
            [output(["a": "1", "b": "two"])], lock: lock, settings: Self.settings, current: current, uncommitted: [], force: false)
        #expect(update.conflicts.isEmpty)
        #expect(update.writes.map(\.path) == ["apps/s/migrations/m/b", PublishLock.path])
        #expect(update.removals == ["apps/s/migrations/m/c"])
        #expect(update.changedMigrations.first?.changed == 1 && update.changedMigrations.first?.removed == 1)
    }

    @Test func handEditsAreRefusedUnlessForced() {
        let (lock, published) = published(["a": "1", "b": "2"])
        var current = published
        current["apps/s/migrations/m/a"] = bytes("1 edited")
        current["apps/s/migrations/m/b"] = bytes("2 edited")
        let refused = RepositoryUpdate.compute(
            [output(["a": "1*", "b": "2"])], lock: lock, settings: Self.settings, current: current, uncommitted: [], force: false)
        #expect(
            refused.conflicts == [
                Conflict(path: "apps/s/migrations/m/a", reason: .editedByHand(migration: "m")),
                Conflict(path: "apps/s/migrations/m/b", reason: .editedByHand(migration: "m")),
            ])
        let forced = RepositoryUpdate.compute(
            [output(["a": "1*", "b": "2"])], lock: lock, settings: Self.settings, current: current, uncommitted: [], force: true)
        #expect(forced.conflicts.isEmpty)
        #expect(forced.writes.count == 3)
    }

    @Test func filesGlidepathNeverWroteAreNotTouched() {
        let current = ["apps/s/migrations/m/a": bytes("someone's")]
        let update = RepositoryUpdate.compute(
            [output(["a": "1"])], lock: nil, settings: Self.settings, current: current, uncommitted: [], force: false)
        #expect(update.conflicts == [Conflict(path: "apps/s/migrations/m/a", reason: .notWrittenByGlidepath(owner: nil))])
    }

    @Test func anotherMigrationsFilesAndNameAreProtected() {
        let (lock, current) = published(["a": "1"])
        var intruder = output(["x": "1"], name: "other")
        intruder.files[0].path = "apps/s/migrations/m/a"
        let update = RepositoryUpdate.compute(
            [intruder], lock: lock, settings: Self.settings, current: current, uncommitted: [], force: false)
        #expect(update.conflicts == [Conflict(path: "apps/s/migrations/m/a", reason: .notWrittenByGlidepath(owner: "m"))])
        let renamed = RepositoryUpdate.compute(
            [output(["a": "1"], spec: "elsewhere.yaml")], lock: lock, settings: Self.settings, current: current, uncommitted: [],
            force: false)
        #expect(renamed.conflicts == [Conflict(path: "elsewhere.yaml", reason: .nameTaken(spec: "m.yaml"))])
    }

    @Test func uncommittedChangesAreRefused() {
        let (lock, current) = published(["a": "1"])
        let update = RepositoryUpdate.compute(
            [output(["a": "2"])], lock: lock, settings: Self.settings, current: current, uncommitted: ["apps/s/migrations/m/a"],
            force: false)
        #expect(update.conflicts == [Conflict(path: "apps/s/migrations/m/a", reason: .uncommitted)])
    }

    @Test func aDeferredMigrationRendersOnlyWhenItsFilesAreNotIntact() throws {
        let (lock, current) = published(["a": "1", "b": "2"])
        let deferred = MigrationOutput(name: "m", spec: "m.yaml", specSHA256: "d", folder: "apps/s/migrations/m") {
            throw PublishError.render("rendered")
        }
        let intact = try deferred.resolved(lock: lock, current: current)
        let update = RepositoryUpdate.compute(
            [intact], lock: lock, settings: Self.settings, current: current, uncommitted: [], force: false)
        #expect(update.isEmpty && update.conflicts.isEmpty)
        #expect(update.lock == lock)

        for damage in [{ (c: inout [String: [UInt8]]) in c["apps/s/migrations/m/a"] = [0x78] }, { c in c["apps/s/migrations/m/b"] = nil }] {
            var damaged = current
            damage(&damaged)
            #expect(throws: PublishError.self) { try deferred.resolved(lock: lock, current: damaged) }
        }
    }

    /// The lock is compared by what it says when the caller hands over the bytes it was parsed
    /// from: a lock that would say the same is not rewritten, in whatever layout; one that
    /// would say something else is, whatever changed (a file, the settings).
    @Test func theLockIsRewrittenOnlyWhenWhatItSaysChanges() throws {
        let (lock, published) = published(["a": "1", "b": "2"])
        var current = published
        let relaidOut = Array(
            String(decoding: try #require(published[PublishLock.path]), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: "\n\n").utf8)
        current[PublishLock.path] = relaidOut
        #expect(try PublishLock.parse(relaidOut) == lock)
        let same = RepositoryUpdate.compute(
            [output(["a": "1", "b": "2"])], lock: lock, lockBytes: relaidOut, settings: Self.settings, current: current,
            uncommitted: [], force: false)
        #expect(same.isEmpty && same.conflicts.isEmpty)
        // Without the parsed bytes, the layout is compared too.
        let compared = RepositoryUpdate.compute(
            [output(["a": "1", "b": "2"])], lock: lock, settings: Self.settings, current: current, uncommitted: [], force: false)
        #expect(compared.writes.map(\.path) == [PublishLock.path])

        let changedFile = RepositoryUpdate.compute(
            [output(["a": "1", "b": "two"])], lock: lock, lockBytes: relaidOut, settings: Self.settings, current: current,
            uncommitted: [], force: false)
        #expect(changedFile.writes.map(\.path) == ["apps/s/migrations/m/b", PublishLock.path])
        var otherSettings = Self.settings
        otherSettings.generator = "glidepath 9.9.9"
        let changedSettings = RepositoryUpdate.compute(
            [output(["a": "1", "b": "2"])], lock: lock, lockBytes: relaidOut, settings: otherSettings, current: current,
            uncommitted: [], force: false)
        #expect(changedSettings.writes.map(\.path) == [PublishLock.path])
        // Bytes that are not the lock's: compared in full.
        let notTheLock = RepositoryUpdate.compute(
            [output(["a": "1", "b": "2"])], lock: lock, lockBytes: Array("{}".utf8), settings: Self.settings, current: current,
            uncommitted: [], force: false)
        #expect(notTheLock.writes.map(\.path) == [PublishLock.path])
    }
}

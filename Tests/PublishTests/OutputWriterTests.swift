import Files
import Foundation
import Publish
import Render
import TestSupport
import Testing

/// An in-memory disk behind the writer's I/O seam; `failOn` makes one write fail, as a full
/// disk would.
final class MemoryDisk: @unchecked Sendable {
    var files: [String: [UInt8]] = [:]
    var directories: Set<String> = []
    var failOn: String?
    private let lock = NSLock()

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    var fileSystem: FileSystem {
        FileSystem(
            exists: { path in self.locked { self.files[path] != nil || self.directories.contains(path) } },
            isDirectory: { path in self.locked { self.directories.contains(path) } },
            contents: { path in
                self.locked {
                    Set(
                        (Array(self.files.keys) + Array(self.directories)).filter { $0.hasPrefix(path + "/") }
                            .map { String($0.dropFirst(path.count + 1).split(separator: "/")[0]) }
                    ).sorted()
                }
            },
            readFile: { path in
                try self.locked {
                    guard let bytes = self.files[path] else { throw CocoaError(.fileNoSuchFile) }
                    return bytes
                }
            },
            createDirectory: { path in self.locked { _ = self.directories.insert(path) } },
            writeFile: { path, bytes in
                try self.locked {
                    if let failOn = self.failOn, path.hasSuffix(failOn) { throw CocoaError(.fileWriteOutOfSpace) }
                    self.files[path] = bytes
                }
            },
            move: { from, to in
                self.locked {
                    for (path, bytes) in self.files where path == from || path.hasPrefix(from + "/") {
                        self.files[path] = nil
                        self.files[to + path.dropFirst(from.count)] = bytes
                    }
                    for path in self.directories where path == from || path.hasPrefix(from + "/") {
                        self.directories.remove(path)
                        self.directories.insert(to + path.dropFirst(from.count))
                    }
                }
            },
            remove: { target in
                self.locked {
                    self.files = self.files.filter { !($0.key == target || $0.key.hasPrefix(target + "/")) }
                    self.directories = self.directories.filter { !($0 == target || $0.hasPrefix(target + "/")) }
                }
            })
    }
}

@Suite struct OutputWriterTests {
    let artifacts = [
        Artifact(path: "manifests/rollout.yaml", contents: "new rollout\n"),
        Artifact(path: "manifests/kustomization.yaml", contents: "new kustomization\n"),
    ]

    @Test func replacesEarlierOutputAsAWhole() throws {
        let disk = MemoryDisk()
        let writer = OutputWriter(fileSystem: disk.fileSystem)
        try writer.write([Artifact(path: "manifests/old.yaml", contents: "old\n")], to: "out")
        try writer.write(artifacts, to: "out")
        #expect(disk.files["out/manifests/rollout.yaml"] == Array("new rollout\n".utf8))
        #expect(disk.files["out/manifests/old.yaml"] == nil, "files no longer generated are gone")
        #expect(disk.files.keys.allSatisfy { $0.hasPrefix("out/") }, "no staging left behind: \(disk.files.keys)")
    }

    @Test func aFailedWriteLeavesTheEarlierOutputIntact() throws {
        let disk = MemoryDisk()
        let writer = OutputWriter(fileSystem: disk.fileSystem)
        try writer.write([Artifact(path: "manifests/rollout.yaml", contents: "old\n")], to: "out")
        let before = disk.files
        disk.failOn = "kustomization.yaml"
        #expect(throws: PublishError.self) { try writer.write(artifacts, to: "out") }
        #expect(disk.files == before)
    }

    @Test func refusesAFolderItDidNotWrite() {
        let disk = MemoryDisk()
        disk.directories.insert("mine")
        disk.files["mine/notes.txt"] = Array("keep me\n".utf8)
        #expect(throws: PublishError.self) { try OutputWriter(fileSystem: disk.fileSystem).write(artifacts, to: "mine") }
        #expect(disk.files["mine/notes.txt"] == Array("keep me\n".utf8))
    }

    @Test(arguments: ["../escape.yaml", "/etc/passwd", "manifests/../../x", "", "manifests//x", ".hidden", "a\\b"])
    func refusesPathsOutsideTheFolder(_ path: String) {
        let disk = MemoryDisk()
        #expect(throws: PublishError.self) {
            try OutputWriter(fileSystem: disk.fileSystem).write([Artifact(path: path, contents: "x")], to: "out")
        }
        #expect(disk.files.isEmpty)
    }

    /// A sibling called OUT.glidepath-previous that glidepath did not make is someone's work.
    @Test func leavesASiblingFolderItDidNotWriteAlone() throws {
        let disk = MemoryDisk()
        disk.directories.insert("out.glidepath-previous")
        disk.files["out.glidepath-previous/thesis.tex"] = Array("years of work\n".utf8)
        #expect(throws: PublishError.self) { try OutputWriter(fileSystem: disk.fileSystem).write(artifacts, to: "out") }
        #expect(disk.files["out.glidepath-previous/thesis.tex"] == Array("years of work\n".utf8))

        // Its own leftover (marked) is cleared, and the write goes through.
        disk.files["out.glidepath-staging/.glidepath-output"] = []
        disk.directories.insert("out.glidepath-staging")
        disk.files["out.glidepath-previous/.glidepath-output"] = []
        disk.files["out.glidepath-previous/thesis.tex"] = nil
        try OutputWriter(fileSystem: disk.fileSystem).write(artifacts, to: "out")
        #expect(disk.files["out/manifests/rollout.yaml"] != nil)
        #expect(!disk.files.keys.contains { $0.hasPrefix("out.glidepath-") })
    }
}

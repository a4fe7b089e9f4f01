import Digest
public import Foundation
import Testing

/// A throwaway GitOps setup: a bare repository as the remote and clones of it, each with its
/// own identity, all with the real git CLI.
public final class GitFixture {
    public let folder: URL
    /// The built `glidepath` executable the tests run, as a user would.
    public let binary: String
    public var remote: String { folder.appendingPathComponent("remote.git").path }

    public init() throws {
        binary = try glidepathBinary()
        folder = try temporaryDirectory("gitops")
        try git(["init", "--quiet", "--bare", "--initial-branch=main", remote], in: folder.path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Runs the built glidepath with these arguments.
    public func glidepath(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try run(binary, arguments, environment: environment)
    }

    /// A new clone of the remote, on `main`, with one commit on the remote when it was empty.
    public func clone(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try git(["clone", "--quiet", remote, path], in: folder.path)
        try git(["config", "user.name", "Publisher \(name)"], in: path)
        try git(["config", "user.email", "\(name)@example.com"], in: path)
        if try git(["rev-parse", "--verify", "--quiet", "refs/remotes/origin/main"], in: path, allowFailure: true).isEmpty {
            try git(["checkout", "--quiet", "-B", "main"], in: path)
            try "GitOps repository\n".write(toFile: path + "/README.md", atomically: true, encoding: .utf8)
            try git(["add", "README.md"], in: path)
            try git(["commit", "--quiet", "-m", "start"], in: path)
            try git(["push", "--quiet", "origin", "main"], in: path)
        }
        return path
    }

    /// A spec in the fixture folder: an example, with its name and service replaced, at its
    /// baseline stage unless `canary` (a repository takes a new migration at its baseline only).
    @discardableResult
    public func spec(
        from example: String, name: String? = nil, service: String? = nil, canary: Bool = false, edit: (String) -> String = { $0 }
    ) throws -> String {
        var text = try String(contentsOfFile: "\(packageRoot)/examples/\(example).yaml", encoding: .utf8)
        if !canary { text = text.replacingOccurrences(of: "  stage: canary\n", with: "  stage: baseline\n") }
        let original = try #require(text.split(separator: "\n").first { $0.hasPrefix("  name: ") }).dropFirst(8)
        if let name { text = text.replacingOccurrences(of: "  name: \(original)\n", with: "  name: \(name)\n") }
        if let service {
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("  service: ") ? "  service: \(service)" : String($0) }.joined(separator: "\n")
        }
        let path = folder.appendingPathComponent("\(name ?? String(original)).yaml").path
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// A suite with its own fixture runs glidepath through it.
public protocol GitFixtureSuite {
    var fixture: GitFixture { get }
}

extension GitFixtureSuite {
    public var binary: String { fixture.binary }

    public func glidepath(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try fixture.glidepath(arguments, environment: environment)
    }
}

@discardableResult
public func git(_ arguments: [String], in directory: String, allowFailure: Bool = false) throws -> String {
    let result = try run("/usr/bin/git", ["-C", directory] + arguments, environment: ["GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"])
    if result.status != 0 && !allowFailure {
        throw HarnessError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.errors)")
    }
    return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Everything a user can see of a work tree: the commit's tree, the index, every file (with
/// its SHA-256, `.git` left out) and `git status`.
public struct WorkTreeState: Equatable, CustomStringConvertible {
    public var tree: String
    public var index: String
    public var files: [String: String]
    public var status: String

    public init(_ path: String) throws {
        tree = try git(["rev-parse", "HEAD^{tree}"], in: path)
        index = try git(["ls-files", "--stage"], in: path)
        status = try git(["status", "--porcelain", "--untracked-files=all"], in: path)
        files = [:]
        let root = URL(fileURLWithPath: path)
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            if relative == ".git" {
                enumerator?.skipDescendants()
                continue
            }
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                files[relative] = SHA256.hex(Array(try Data(contentsOf: url)))
            }
        }
    }

    public var description: String {
        "tree \(tree), \(files.count) files, status: \(status.isEmpty ? "clean" : status)"
    }
}

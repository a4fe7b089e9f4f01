public import Files

/// Puts a migration's artifacts into an output folder all at once: everything is written to
/// a staging folder beside it, which then replaces the old output by rename. A folder
/// glidepath did not create is never overwritten, and no artifact can land outside the folder.
public struct OutputWriter: Sendable {
    /// Marks a folder as glidepath's output and lists what it holds.
    public static let markerFile = ".glidepath-output"
    public var fileSystem: FileSystem

    public init(fileSystem: FileSystem = .live) {
        self.fileSystem = fileSystem
    }

    public func write(_ artifacts: [Artifact], to folder: String) throws(PublishError) {
        let folder = folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
        for artifact in artifacts {
            try Self.checkRelative(artifact.path)
        }
        try checkOwnership(folder)
        let staging = folder + ".glidepath-staging"
        let previous = folder + ".glidepath-previous"
        // Leftovers of an interrupted run are removed only when they carry glidepath's marker:
        // a folder that happens to be called OUT.glidepath-previous is someone's work.
        for leftover in [staging, previous] where fileSystem.entryKind(leftover) != nil {
            guard fileSystem.entryKind(leftover) == .directory, fileSystem.entryKind(leftover + "/" + Self.markerFile) == .file else {
                throw .outputLeftoverNotOurs(leftover)
            }
        }
        do {
            for leftover in [staging, previous] where fileSystem.entryKind(leftover) != nil {
                try fileSystem.remove(leftover)
            }
            try fileSystem.createDirectory(staging)
            // Marked at once, so a staging folder left by a kill is recognisably glidepath's.
            try fileSystem.writeFile(staging + "/" + Self.markerFile, [])
            for artifact in artifacts {
                let path = staging + "/" + artifact.path
                if let slash = path.lastIndex(of: "/") {
                    try fileSystem.createDirectory(String(path[..<slash]))
                }
                try fileSystem.writeFile(path, Array(artifact.contents.utf8))
            }
            let marker = artifacts.map(\.path).sorted().joined(separator: "\n") + "\n"
            try fileSystem.writeFile(staging + "/" + Self.markerFile, Array(marker.utf8))
            if fileSystem.exists(folder) {
                try fileSystem.move(folder, previous)
                try fileSystem.move(staging, folder)
                try fileSystem.remove(previous)
            } else {
                try fileSystem.move(staging, folder)
            }
        } catch {
            try? fileSystem.remove(staging)
            throw .cannotWriteOutput(folder: folder, reason: error.localizedDescription)
        }
    }

    /// Refuses a folder that exists, is not empty and holds no marker: it is someone's work.
    private func checkOwnership(_ folder: String) throws(PublishError) {
        guard fileSystem.exists(folder) else { return }
        guard fileSystem.isDirectory(folder) else {
            throw .outputNotAFolder(folder)
        }
        let entries = (try? fileSystem.contents(folder)) ?? []
        if !entries.isEmpty, !entries.contains(Self.markerFile) {
            throw .outputNotOurs(folder: folder)
        }
    }

    /// Artifact paths come from generators, never from the spec, but the writer checks them
    /// anyway: relative, no `..`, no empty or hidden segments.
    static func checkRelative(_ path: String) throws(PublishError) {
        if !isPlainRelative(path.utf8) { throw .pathOutsideOutput(path) }
    }

    /// A relative path of non-empty segments, none starting with a dot (so no `..`, no hidden
    /// file), with no backslash or NUL. One pass over the bytes, no allocation: a site's record
    /// and marker list every file.
    static func isPlainRelative(_ bytes: some Sequence<UInt8>) -> Bool {
        var segmentStart = true
        for byte in bytes {
            if byte == UInt8(ascii: "\\") || byte == 0 { return false }
            if segmentStart {
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") { return false }
                segmentStart = false
            } else if byte == UInt8(ascii: "/") {
                segmentStart = true
            }
        }
        // An empty path, or one ending in a slash, ends at the start of an empty segment.
        return !segmentStart
    }
}

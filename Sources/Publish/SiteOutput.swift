public import Files

/// The runbook site's folder, brought up to date in place: a file whose bytes are already
/// right is not touched, a file glidepath wrote before and no longer generates is removed,
/// and the marker (what glidepath wrote) is replaced last, by rename. A folder glidepath did
/// not create is refused; no write passes through a symbolic link. Workers on several threads
/// may write at once, each its own files.
public struct SiteOutput: Sendable {
    public let folder: String
    private let fileSystem: FileSystem

    /// Opens `folder` (creating and marking it when it does not exist), refusing a folder that
    /// holds files but no marker.
    public static func open(_ folder: String, fileSystem: FileSystem = .live) throws(PublishError) -> SiteOutput {
        let folder = folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
        let marker = folder + "/" + OutputWriter.markerFile
        switch fileSystem.entryKind(folder) {
        case nil:
            do {
                try fileSystem.createDirectory(folder)
                // Marked at once, so a folder left by a killed first run is recognisably glidepath's.
                try fileSystem.writeFile(marker, [])
            } catch {
                throw .cannotWriteOutput(folder: folder, reason: "\(error)")
            }
        case .directory:
            let entries = (try? fileSystem.contents(folder)) ?? []
            if !entries.isEmpty, !entries.contains(OutputWriter.markerFile) { throw .outputNotOurs(folder: folder) }
        default:
            throw .outputNotAFolder(folder)
        }
        return SiteOutput(folder: folder, fileSystem: fileSystem.confined(to: folder))
    }

    /// What writing some artifacts did: how many files it wrote, and every file's stamp after.
    public struct Written: Sendable {
        public var count = 0
        public var stamps: [String: FileStamp] = [:]
    }

    /// Writes the artifacts whose bytes differ from the folder's.
    @discardableResult
    public func write(_ artifacts: [Artifact]) throws(PublishError) -> Written {
        var written = Written()
        // A migration's files share a few folders: each is made (and its way checked) once.
        var folders: Set<Substring> = []
        for artifact in artifacts {
            try OutputWriter.checkRelative(artifact.path)
            let path = folder + "/" + artifact.path
            let bytes = Array(artifact.contents.utf8)
            if fileSystem.entryKind(path) == .file, let existing = try? fileSystem.readFile(path), existing == bytes { continue }
            do {
                if let slash = path.lastIndex(of: "/"), folders.insert(path[..<slash]).inserted {
                    try fileSystem.createDirectory(String(path[..<slash]))
                }
                try fileSystem.writeFile(path, bytes)
            } catch {
                throw .cannotWriteOutput(folder: folder, reason: "\(artifact.path): \(error)")
            }
            written.count += 1
        }
        for artifact in artifacts { written.stamps[artifact.path] = fileSystem.stamp(folder + "/" + artifact.path) }
        return written
    }

    /// Removes what the previous run wrote and this one did not, then records `generated` as
    /// the folder's contents, and `record` (nil: none) for the next build. Returns how many
    /// files it removed.
    ///
    /// `keepRecord`: the record on disk is already the one this build would write, so it
    /// lists exactly `generated`. The marker is always written before the record, so a kept
    /// record vouches for the marker too, and neither is read: a site of 10,000 runbooks lists
    /// some 100,000 files.
    @discardableResult
    public func finish(generated: [String], record: SiteRecord? = nil, keepRecord: Bool = false) throws(PublishError) -> Int {
        if keepRecord { return 0 }
        let marker = folder + "/" + OutputWriter.markerFile
        // Lines are checked as relative paths only when one would be removed.
        let previous = Set(((try? fileSystem.readFile(marker)) ?? []).split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) })
        let current = Set(generated)
        // The folder already lists exactly these files: nothing to remove, no marker to rewrite.
        let unchanged = current == previous
        var removed = 0
        // The marker is ours, but a file in the folder is still only input: a line that is not
        // a plain relative path is never removed.
        let gone = unchanged ? [] : previous.subtracting(current).filter { (try? OutputWriter.checkRelative($0)) != nil }.sorted()
        for path in gone where fileSystem.entryKind(folder + "/" + path) == .file {
            do {
                try fileSystem.remove(folder + "/" + path)
                removed += 1
                try removeEmptyFolders(above: path)
            } catch {
                throw .cannotWriteOutput(folder: folder, reason: "\(path): \(error)")
            }
        }
        if !unchanged {
            let listing = Array((current.sorted().joined(separator: "\n") + "\n").utf8)
            do {
                try fileSystem.writeFile(marker + ".next", listing)
                try fileSystem.move(marker + ".next", marker)
            } catch {
                throw .cannotWriteOutput(folder: folder, reason: "\(error)")
            }
        }
        let recordPath = folder + "/" + SiteRecord.file
        do {
            if let record {
                let bytes = record.encoded()
                if (try? fileSystem.readFile(recordPath)) != bytes {
                    try fileSystem.writeFile(recordPath + ".next", bytes)
                    try fileSystem.move(recordPath + ".next", recordPath)
                }
            } else if fileSystem.entryKind(recordPath) == .file {
                try fileSystem.remove(recordPath)
            }
        } catch {
            throw .cannotWriteOutput(folder: folder, reason: "\(error)")
        }
        return removed
    }

    /// A migration that is gone leaves no empty folders behind.
    private func removeEmptyFolders(above path: String) throws {
        var components = path.split(separator: "/").dropLast()
        while !components.isEmpty {
            let directory = folder + "/" + components.joined(separator: "/")
            guard fileSystem.entryKind(directory) == .directory, (try? fileSystem.contents(directory))?.isEmpty == true else { return }
            try fileSystem.remove(directory)
            components = components.dropLast()
        }
    }
}

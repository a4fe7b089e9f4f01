public import Files
import Foundation

/// What a site build leaves in its folder for the next one (`.glidepath-record`): which
/// generator and inputs made it, and per spec the digest of its bytes, its migration name,
/// its line in the index and the stamps of the files it wrote. A spec whose bytes, whose
/// shared inputs and whose files' stamps are all as recorded is not checked or rendered again.
///
/// The record is a cache, never an authority: a file that is missing, unreadable, too large,
/// from another generator or naming a path outside the site makes the build a full one. It is
/// machine-local (inodes and times), so it is not meant to be committed.
public struct SiteRecord: Sendable, Codable, Equatable {
    public static let file = ".glidepath-record"
    /// Larger than any honest record of 100,000 specs; a bigger file is ignored unread.
    static let maximumBytes = 64 << 20

    /// The generator's identity and everything besides the spec that shapes the pages
    /// (templates, sign-off records), as one digest.
    public var inputs: String
    /// By the spec's path relative to the spec folder.
    public var specs: [String: Spec]

    public struct Spec: Sendable, Codable, Equatable {
        public var digest: String
        public var migration: String
        /// The index line, as JSON text of the renderer's encoding.
        public var entry: String
        public var files: [String: FileStamp]

        public init(digest: String, migration: String, entry: String, files: [String: FileStamp]) {
            self.digest = digest
            self.migration = migration
            self.entry = entry
            self.files = files
        }
    }

    public init(inputs: String, specs: [String: Spec] = [:]) {
        self.inputs = inputs
        self.specs = specs
    }

    /// The record in `folder`, or nil when there is none fit to trust. Only a folder glidepath
    /// marked as its own, with files listed, has one.
    public static func read(in folder: String, fileSystem: FileSystem) -> SiteRecord? {
        let path = folder + "/" + file
        guard let marker = fileSystem.stamp(folder + "/" + OutputWriter.markerFile), marker.size > 0, let stamp = fileSystem.stamp(path),
            stamp.size <= maximumBytes,
            let bytes = try? fileSystem.readFile(path),
            let record = try? JSONDecoder().decode(SiteRecord.self, from: Data(bytes))
        else { return nil }
        // Only plain relative paths under the site are ever looked at.
        for spec in record.specs.values {
            for path in spec.files.keys where (try? OutputWriter.checkRelative(path)) == nil { return nil }
        }
        return record
    }

    /// Whether a spec can be taken as it was: same bytes, same shared inputs, and every file it
    /// wrote still exactly as written.
    public func unchanged(_ relativePath: String, digest: String, inputs: String, in folder: String, fileSystem: FileSystem) -> Spec? {
        guard inputs == self.inputs, let spec = specs[relativePath], spec.digest == digest, !spec.files.isEmpty else { return nil }
        for (path, stamp) in spec.files where fileSystem.stamp(folder + "/" + path) != stamp { return nil }
        return spec
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(self))) ?? []
    }
}

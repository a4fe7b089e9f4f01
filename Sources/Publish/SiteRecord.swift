import Digest
public import Files

/// What a site build leaves in its folder for the next one (`.glidepath-record`): the digest
/// of the generator and the inputs besides the specs, and per spec the digest of its bytes, its
/// migration name, its line in the index and the stamps of the files it wrote; and the same
/// for the index and the assets. A spec whose bytes, shared inputs and files' stamps are all
/// as recorded is not checked or rendered again; when no spec changed, neither is the index.
///
/// The record is a cache, never an authority: a file that is missing, damaged, too large or
/// naming a path outside the site makes the build a full one. It is machine-local (inodes and
/// times), so it is not meant to be committed. Its lines (`spec`, `entry`, `file`) hold
/// space- or tab-separated fields with `%`, tab, newline, carriage return and space
/// percent-encoded; reading 10,000 specs' worth must take milliseconds, not a JSON decoder's seconds.
public struct SiteRecord: Sendable, Equatable {
    public static let file = ".glidepath-record"
    static let header = "glidepath site record 1"
    /// Larger than any honest record of 100,000 specs; a bigger file is ignored unread.
    static let maximumBytes = 256 << 20

    /// The generator's identity and everything besides the specs that shapes the pages
    /// (templates, sign-off records), as one digest.
    public var inputs: String
    /// The index and the assets: written from which specs, and their files' stamps.
    public var shared: Shared?
    /// By the spec's path relative to the spec folder.
    public var specs: [String: Spec]

    public struct Spec: Sendable, Equatable {
        public var digest: String
        public var migration: String
        /// The index line, as the renderer gives it in fields.
        public var entry: [String]
        public var files: [String: FileStamp]

        public init(digest: String, migration: String, entry: [String], files: [String: FileStamp]) {
            self.digest = digest
            self.migration = migration
            self.entry = entry
            self.files = files
        }
    }

    public struct Shared: Sendable, Equatable {
        /// `SiteRecord.specSet` of the specs the index was rendered from.
        public var specSet: String
        public var files: [String: FileStamp]

        public init(specSet: String, files: [String: FileStamp]) {
            self.specSet = specSet
            self.files = files
        }
    }

    public init(inputs: String, shared: Shared? = nil, specs: [String: Spec] = [:]) {
        self.inputs = inputs
        self.shared = shared
        self.specs = specs
    }

    /// The record in `folder`, or nil when there is none fit to trust. Only a folder glidepath
    /// marked as its own, with files listed, has one.
    public static func read(in folder: String, fileSystem: FileSystem) -> SiteRecord? {
        let path = folder + "/" + file
        guard let marker = fileSystem.stamp(folder + "/" + OutputWriter.markerFile), marker.size > 0,
            let stamp = fileSystem.stamp(path), stamp.size <= maximumBytes, let bytes = try? fileSystem.readFile(path)
        else { return nil }
        return decode(bytes)
    }

    /// Whether a spec can be taken as it was: same bytes, same shared inputs, and every file it
    /// wrote still exactly as written.
    public func unchanged(_ relativePath: String, digest: String, inputs: String, in folder: String, fileSystem: FileSystem) -> Spec? {
        guard inputs == self.inputs, let spec = specs[relativePath], spec.digest == digest,
            Self.untouched(spec.files, in: folder, fileSystem: fileSystem)
        else { return nil }
        return spec
    }

    /// Whether the index and the assets can be kept: rendered from exactly these specs (each
    /// at these bytes) with these inputs, and untouched since.
    public func sharedUnchanged(specSet: String, inputs: String, in folder: String, fileSystem: FileSystem) -> Shared? {
        guard inputs == self.inputs, let shared, shared.specSet == specSet, Self.untouched(shared.files, in: folder, fileSystem: fileSystem)
        else { return nil }
        return shared
    }

    /// One digest for a set of specs: each one's place and bytes.
    public static func specSet(_ specs: [(displayPath: String, digest: String)]) -> String {
        var listing = ""
        for spec in specs.sorted(by: { $0.displayPath < $1.displayPath }) {
            listing += escaped(spec.displayPath) + " " + spec.digest + "\n"
        }
        return SHA256.hex(listing)
    }

    private static func untouched(_ files: [String: FileStamp], in folder: String, fileSystem: FileSystem) -> Bool {
        !files.isEmpty && files.allSatisfy { path, stamp in fileSystem.stamp(folder + "/" + path) == stamp }
    }

    // MARK: The file's lines

    func encoded() -> [UInt8] {
        var text = Self.header + "\ninputs " + inputs + "\n"
        if let shared {
            text += "shared " + shared.specSet + "\n"
            text += Self.fileLines(shared.files)
        }
        for (path, spec) in specs.sorted(by: { $0.key < $1.key }) {
            text += "spec " + spec.digest + " " + Self.escaped(spec.migration) + " " + Self.escaped(path) + "\n"
            text += "entry " + spec.entry.map(Self.escaped).joined(separator: "\t") + "\n"
            text += Self.fileLines(spec.files)
        }
        // A record cut short (a full disk, a killed build) lacks this line and is not read.
        return Array((text + "end\n").utf8)
    }

    private static func fileLines(_ files: [String: FileStamp]) -> String {
        files.sorted { $0.key < $1.key }
            .map { "file \($0.value.size) \($0.value.modified) \($0.value.inode) " + escaped($0.key) + "\n" }
            .joined()
    }

    static func decode(_ bytes: [UInt8]) -> SiteRecord? {
        var lines = bytes.split(separator: UInt8(ascii: "\n"))[...]
        guard lines.popFirst().map({ String(decoding: $0, as: UTF8.self) }) == header,
            let inputsLine = lines.popFirst(), let inputs = field(inputsLine, after: "inputs ")
        else { return nil }
        guard lines.popLast().map({ String(decoding: $0, as: UTF8.self) }) == "end" else { return nil }
        var record = SiteRecord(inputs: inputs)
        // Files belong to the spec (or the shared set) whose line came last.
        var current: (path: String?, files: [String: FileStamp])?
        var spec: Spec?
        func close() {
            guard let done = current else { return }
            if let path = done.path, var finished = spec {
                finished.files = done.files
                record.specs[path] = finished
            } else if done.path == nil {
                record.shared?.files = done.files
            }
            current = nil
            spec = nil
        }
        while let line = lines.popFirst() {
            let text = String(decoding: line, as: UTF8.self)
            if let specSet = field(line, after: "shared ") {
                close()
                record.shared = Shared(specSet: specSet, files: [:])
                current = (nil, [:])
            } else if text.hasPrefix("spec ") {
                close()
                let parts = text.dropFirst(5).split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 3, let migration = unescaped(parts[1]), let path = unescaped(parts[2]),
                    let entryLine = lines.popFirst(), let entryText = field(entryLine, after: "entry ")
                else { return nil }
                let entry = entryText.isEmpty ? [] : entryText.split(separator: "\t", omittingEmptySubsequences: false).map(unescaped)
                guard !entry.contains(nil) else { return nil }
                spec = Spec(digest: String(parts[0]), migration: migration, entry: entry.compactMap { $0 }, files: [:])
                current = (path, [:])
            } else if text.hasPrefix("file "), current != nil {
                let parts = text.dropFirst(5).split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 4, let size = Int64(parts[0]), let modified = Int64(parts[1]), let inode = UInt64(parts[2]),
                    let path = unescaped(parts[3]), (try? OutputWriter.checkRelative(path)) != nil
                else { return nil }
                current?.files[path] = FileStamp(size: size, modified: modified, inode: inode)
            } else {
                return nil
            }
        }
        close()
        return record
    }

    private static func field(_ line: ArraySlice<UInt8>, after prefix: String) -> String? {
        guard line.starts(with: prefix.utf8) else { return nil }
        return String(decoding: line.dropFirst(prefix.utf8.count), as: UTF8.self)
    }

    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x25 || $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x25, 0x20, 0x09, 0x0A, 0x0D:
                out += [0x25] + Array(String(hexByte: byte).utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescaped(_ text: Substring) -> String? {
        guard text.utf8.contains(0x25) else { return String(text) }
        var out: [UInt8] = []
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == 0x25 else {
                out.append(byte)
                continue
            }
            guard let high = bytes.next(), let low = bytes.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            out.append(value)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// Two uppercase hex digits.
    fileprivate init(hexByte byte: UInt8) {
        let digits = Array("0123456789ABCDEF".utf8)
        self = String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }
}

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
        var out: [UInt8] = []
        out.reserveCapacity(256 * (specs.count + 1))
        out += (Self.header + "\ninputs " + inputs + "\n").utf8
        if let shared {
            out += ("shared " + shared.specSet + "\n").utf8
            Self.appendFileLines(shared.files, to: &out)
        }
        for (path, spec) in specs.sorted(by: { $0.key < $1.key }) {
            out += ("spec " + spec.digest + " ").utf8
            Self.appendEscaped(spec.migration, to: &out)
            out.append(0x20)
            Self.appendEscaped(path, to: &out)
            out += "\nentry ".utf8
            for (index, field) in spec.entry.enumerated() {
                if index > 0 { out.append(0x09) }
                Self.appendEscaped(field, to: &out)
            }
            out.append(0x0A)
            Self.appendFileLines(spec.files, to: &out)
        }
        // A record cut short (a full disk, a killed build) lacks this line and is not read.
        out += "end\n".utf8
        return out
    }

    private static func appendFileLines(_ files: [String: FileStamp], to out: inout [UInt8]) {
        for (path, stamp) in files.sorted(by: { $0.key < $1.key }) {
            out += "file \(stamp.size) \(stamp.modified) \(stamp.inode) ".utf8
            appendEscaped(path, to: &out)
            out.append(0x0A)
        }
    }

    static func decode(_ bytes: [UInt8]) -> SiteRecord? {
        // Lines are read one at a time: a record of 10,000 specs has a million of them.
        guard let body = withoutEndLine(bytes[...]) else { return nil }
        var lines = Lines(rest: body)
        guard let first = lines.popFirst(), first.elementsEqual(header.utf8),
            let inputsLine = lines.popFirst(), let inputs = field(inputsLine, after: "inputs ")
        else { return nil }
        var record = SiteRecord(inputs: String(decoding: inputs, as: UTF8.self))
        // Files belong to the spec (or the shared set) whose line came last.
        var owner: (path: String?, spec: Spec?)?
        var files: [String: FileStamp] = [:]
        func close() {
            guard let done = owner else { return }
            if let path = done.path, var spec = done.spec {
                spec.files = files
                record.specs[path] = spec
            } else {
                record.shared?.files = files
            }
            owner = nil
            files = [:]
        }
        while let line = lines.popFirst() {
            if let specSet = field(line, after: "shared ") {
                close()
                record.shared = Shared(specSet: String(decoding: specSet, as: UTF8.self), files: [:])
                owner = (nil, nil)
            } else if let rest = field(line, after: "spec ") {
                close()
                let parts = rest.split(separator: 0x20, omittingEmptySubsequences: false)
                guard parts.count == 3, let migration = unescaped(parts[1]), let path = unescaped(parts[2]),
                    let entryLine = lines.popFirst(), let entryText = field(entryLine, after: "entry ")
                else { return nil }
                var entry: [String] = []
                if !entryText.isEmpty {
                    for part in entryText.split(separator: 0x09, omittingEmptySubsequences: false) {
                        guard let value = unescaped(part) else { return nil }
                        entry.append(value)
                    }
                }
                owner = (path, Spec(digest: String(decoding: parts[0], as: UTF8.self), migration: migration, entry: entry, files: [:]))
            } else if let rest = field(line, after: "file "), owner != nil {
                let parts = rest.split(separator: 0x20, maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count == 4, let size = Int64(String(decoding: parts[0], as: UTF8.self)),
                    let modified = Int64(String(decoding: parts[1], as: UTF8.self)),
                    let inode = UInt64(String(decoding: parts[2], as: UTF8.self)),
                    let path = unescaped(parts[3]), (try? OutputWriter.checkRelative(path)) != nil
                else { return nil }
                files[path] = FileStamp(size: size, modified: modified, inode: inode)
            } else {
                return nil
            }
        }
        close()
        return record
    }

    /// The record without its last non-empty line, which must be `end`; nil when it is not.
    private static func withoutEndLine(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 0x0A { end -= 1 }
        let start = bytes[..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex
        return bytes[start..<end].elementsEqual("end".utf8) ? bytes[..<start] : nil
    }

    /// The non-empty lines of a byte slice, front to back.
    private struct Lines {
        var rest: ArraySlice<UInt8>

        mutating func popFirst() -> ArraySlice<UInt8>? {
            while let newline = rest.firstIndex(of: 0x0A) {
                let line = rest[..<newline]
                rest = rest[(newline + 1)...]
                if !line.isEmpty { return line }
            }
            guard !rest.isEmpty else { return nil }
            defer { rest = rest[rest.endIndex...] }
            return rest
        }
    }

    private static func field(_ line: ArraySlice<UInt8>, after prefix: StaticString) -> ArraySlice<UInt8>? {
        let count = prefix.utf8CodeUnitCount
        guard line.count >= count else { return nil }
        let matches = prefix.withUTF8Buffer { line.prefix(count).elementsEqual($0) }
        return matches ? line.dropFirst(count) : nil
    }

    /// `%`, space, tab, newline and carriage return as `%XX`.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        let digits: StaticString = "0123456789ABCDEF"
        for byte in text.utf8 {
            switch byte {
            case 0x25, 0x20, 0x09, 0x0A, 0x0D:
                out.append(0x25)
                digits.withUTF8Buffer { hex in
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            default: out.append(byte)
            }
        }
    }

    static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func unescaped(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.contains(0x25) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == 0x25 else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 2 < bytes.endIndex,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            else { return nil }
            out.append(high << 4 | low)
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

import Digest
public import Files
import ParallelWork

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
        // The shared set, when there is one, comes before the specs.
        var specLines = lines.rest
        if let line = lines.popFirst(), let specSet = field(line, after: "shared ") {
            guard let files = fileLines(&lines) else { return nil }
            record.shared = Shared(specSet: String(decoding: specSet, as: UTF8.self), files: files)
            specLines = lines.rest
        }
        // The specs' blocks are read in slices on every core: reading was a third of an
        // unchanged site's time, all of it on one core.
        let slices = specSlices(specLines, count: 16)
        var decoded: [[(String, Spec)]] = []
        for slice in Parallel.map(slices, specs(in:)) {
            guard let slice else { return nil }
            decoded.append(slice)
        }
        record.specs.reserveCapacity(decoded.reduce(0) { $0 + $1.count })
        for (path, spec) in decoded.joined() { record.specs[path] = spec }
        return record
    }

    /// Cuts the specs' lines into about `count` slices, each starting at a `spec` line (the
    /// first one at the start of `lines`, whatever it holds).
    private static func specSlices(_ lines: ArraySlice<UInt8>, count: Int) -> [ArraySlice<UInt8>] {
        var slices: [ArraySlice<UInt8>] = []
        var start = lines.startIndex
        let step = max(lines.count / count, 1)
        var cut = start + step
        while cut < lines.endIndex {
            // The next line that starts with `spec ` at or after the cut.
            var index = cut
            while index < lines.endIndex, !(lines[index - 1] == 0x0A && lines[index...].starts(with: "spec ".utf8)) { index += 1 }
            guard index < lines.endIndex else { break }
            slices.append(lines[start..<index])
            start = index
            cut = index + step
        }
        slices.append(lines[start...])
        return slices
    }

    /// The specs of a slice of whole `spec` blocks; nil when any line is not what the writer writes.
    private static func specs(in slice: ArraySlice<UInt8>) -> [(String, Spec)]? {
        var lines = Lines(rest: slice)
        var specs: [(String, Spec)] = []
        while let line = lines.popFirst() {
            guard let rest = field(line, after: "spec ") else { return nil }
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
            guard let files = fileLines(&lines) else { return nil }
            specs.append((path, Spec(digest: String(decoding: parts[0], as: UTF8.self), migration: migration, entry: entry, files: files)))
        }
        return specs
    }

    /// The `file` lines that follow, up to the first other line (left unread).
    private static func fileLines(_ lines: inout Lines) -> [String: FileStamp]? {
        var files: [String: FileStamp] = [:]
        var before = lines.rest
        while let line = lines.popFirst(), let rest = field(line, after: "file ") {
            guard let (path, stamp) = fileLine(rest) else { return nil }
            files[path] = stamp
            before = lines.rest
        }
        lines.rest = before
        return files
    }

    /// `SIZE MODIFIED INODE PATH`, read straight from the bytes: a record of 10,000 specs has
    /// 100,000 of these lines, and a String per number was most of the time of reading one.
    private static func fileLine(_ line: ArraySlice<UInt8>) -> (String, FileStamp)? {
        var rest = line
        guard let size = number(&rest).flatMap(Int64.init(exactly:)), size >= 0,
            let modified = number(&rest).flatMap(Int64.init(exactly:)),
            let inode = number(&rest).flatMap(UInt64.init(exactly:)),
            let pathBytes = unescapedBytes(rest), OutputWriter.isPlainRelative(pathBytes)
        else { return nil }
        return (String(decoding: pathBytes, as: UTF8.self), FileStamp(size: size, modified: modified, inode: inode))
    }

    /// A decimal integer (a leading `-` allowed) within 64 bits either way, and the space after it.
    private static func number(_ rest: inout ArraySlice<UInt8>) -> Int128? {
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        var magnitude: UInt64 = 0
        var digits = 0
        while let byte = rest.first, byte != 0x20 {
            guard (0x30...0x39).contains(byte) else { return nil }
            let (shifted, overflowShift) = magnitude.multipliedReportingOverflow(by: 10)
            let (added, overflowAdd) = shifted.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflowShift, !overflowAdd else { return nil }
            magnitude = added
            digits += 1
            rest = rest.dropFirst()
        }
        guard digits > 0, rest.first == 0x20 else { return nil }
        rest = rest.dropFirst()
        return negative ? -Int128(magnitude) : Int128(magnitude)
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
        return unescapedBytes(bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func unescapedBytes(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard bytes.contains(0x25) else { return bytes }
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
        return out[...]
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

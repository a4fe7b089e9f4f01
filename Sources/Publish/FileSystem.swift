import Foundation

/// The I/O seam of the publish stage: every disk operation it needs, as closures, so the
/// writer can be tested against an in-memory double and its atomicity reasoned about in one
/// place.
public struct FileSystem: Sendable {
    public var exists: @Sendable (String) -> Bool
    public var isDirectory: @Sendable (String) -> Bool
    public var contents: @Sendable (String) throws -> [String]
    public var readFile: @Sendable (String) throws -> [UInt8]
    public var createDirectory: @Sendable (String) throws -> Void
    public var writeFile: @Sendable (String, [UInt8]) throws -> Void
    /// Renames atomically, replacing a file already at the destination.
    public var move: @Sendable (String, String) throws -> Void
    public var remove: @Sendable (String) throws -> Void

    public init(
        exists: @escaping @Sendable (String) -> Bool, isDirectory: @escaping @Sendable (String) -> Bool,
        contents: @escaping @Sendable (String) throws -> [String], readFile: @escaping @Sendable (String) throws -> [UInt8],
        createDirectory: @escaping @Sendable (String) throws -> Void,
        writeFile: @escaping @Sendable (String, [UInt8]) throws -> Void,
        move: @escaping @Sendable (String, String) throws -> Void, remove: @escaping @Sendable (String) throws -> Void
    ) {
        self.exists = exists
        self.isDirectory = isDirectory
        self.contents = contents
        self.readFile = readFile
        self.createDirectory = createDirectory
        self.writeFile = writeFile
        self.move = move
        self.remove = remove
    }

    /// The real disk.
    public static let live = FileSystem(
        exists: { FileManager.default.fileExists(atPath: $0) },
        isDirectory: { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        },
        contents: { try FileManager.default.contentsOfDirectory(atPath: $0).sorted() },
        readFile: { path in
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? handle.close() }
            return Array(try handle.readToEnd() ?? Data())
        },
        createDirectory: { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: true) },
        // A plain write: callers write to names of their own and rename them into place, and
        // Foundation's atomic write would leave its own temporary file behind if killed.
        writeFile: { path, bytes in
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw FileSystem.posixError(path) }
            defer { close(descriptor) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileSystem.posixError(path)
                }
                offset += written
            }
        },
        // rename(2): atomic, and it replaces an existing file, which FileManager's move will not.
        move: { from, to in
            guard rename(from, to) == 0 else { throw FileSystem.posixError(to) }
        },
        remove: { try FileManager.default.removeItem(atPath: $0) })
}

extension FileSystem {
    /// The error of the last failed system call, naming the path, in the words of strerror.
    static func posixError(_ path: String) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [
            NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
            NSLocalizedDescriptionKey: "\(path): \(String(cString: strerror(errno)))",
        ])
    }
}

import Foundation

/// The I/O seam of glidepath: every disk operation it needs, as closures, so the pipeline can
/// be tested against an in-memory double and its safety reasoned about in one place.
public struct FileSystem: Sendable {
    /// What is at a path, without following a symbolic link there.
    public enum EntryKind: Sendable, Equatable {
        case file, directory, symbolicLink, other
    }

    public var exists: @Sendable (String) -> Bool
    public var isDirectory: @Sendable (String) -> Bool
    public var contents: @Sendable (String) throws -> [String]
    /// Reads a regular file (a FIFO, a device or a folder is refused, never waited on), at
    /// most `maximumFileSize` bytes of it.
    public var readFile: @Sendable (String) throws -> [UInt8]
    public var createDirectory: @Sendable (String) throws -> Void
    public var writeFile: @Sendable (String, [UInt8]) throws -> Void
    /// Renames atomically, replacing a file already at the destination.
    public var move: @Sendable (String, String) throws -> Void
    public var remove: @Sendable (String) throws -> Void
    /// `lstat`: nil when nothing is there.
    public var entryKind: @Sendable (String) -> EntryKind?
    /// The path with every symbolic link resolved, or nil when it does not exist.
    public var realPath: @Sendable (String) -> String?
    /// Size, modification time and inode of a regular file (`lstat`), nil for anything else:
    /// how an incremental build tells, without reading it, that a file it wrote is untouched.
    public var stamp: @Sendable (String) -> FileStamp?
    /// Takes an advisory exclusive lock on the file at the path (created when missing) without
    /// waiting: the returned closure releases it, nil means another process holds it. The
    /// kernel releases the lock when its holder dies, so a killed run never leaves it stale.
    public var tryLock: @Sendable (String) throws -> (@Sendable () -> Void)?

    /// The largest file glidepath reads; anything bigger is refused before it is read.
    public static let maximumFileSize = 256 << 20

    public init(
        exists: @escaping @Sendable (String) -> Bool, isDirectory: @escaping @Sendable (String) -> Bool,
        contents: @escaping @Sendable (String) throws -> [String], readFile: @escaping @Sendable (String) throws -> [UInt8],
        createDirectory: @escaping @Sendable (String) throws -> Void,
        writeFile: @escaping @Sendable (String, [UInt8]) throws -> Void,
        move: @escaping @Sendable (String, String) throws -> Void, remove: @escaping @Sendable (String) throws -> Void,
        entryKind: (@Sendable (String) -> EntryKind?)? = nil, realPath: (@Sendable (String) -> String?)? = nil,
        stamp: (@Sendable (String) -> FileStamp?)? = nil, tryLock: (@Sendable (String) throws -> (@Sendable () -> Void)?)? = nil
    ) {
        self.exists = exists
        self.isDirectory = isDirectory
        self.contents = contents
        self.readFile = readFile
        self.createDirectory = createDirectory
        self.writeFile = writeFile
        self.move = move
        self.remove = remove
        self.entryKind = entryKind ?? { path in exists(path) ? (isDirectory(path) ? .directory : .file) : nil }
        self.realPath = realPath ?? { path in exists(path) ? path : nil }
        // Without stamps nothing is ever taken as unchanged: every build is a full one.
        self.stamp = stamp ?? { _ in nil }
        // A double serves one process: every lock is granted.
        self.tryLock = tryLock ?? { _ in {} }
    }

    /// The real disk.
    public static let live = FileSystem(
        exists: { FileManager.default.fileExists(atPath: $0) },
        isDirectory: { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        },
        contents: { try FileManager.default.contentsOfDirectory(atPath: $0).sorted() },
        readFile: { path in try readRegularFile(path, limit: maximumFileSize) },
        createDirectory: { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: true) },
        // A plain write: callers write to names of their own and rename them into place, and
        // Foundation's atomic write would leave its own temporary file behind if killed.
        writeFile: { path, bytes in
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
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
        remove: { try FileManager.default.removeItem(atPath: $0) },
        entryKind: { path in
            var status = stat()
            guard lstat(path, &status) == 0 else { return nil }
            switch status.st_mode & S_IFMT {
            case S_IFREG: return .file
            case S_IFDIR: return .directory
            case S_IFLNK: return .symbolicLink
            default: return .other
            }
        },
        realPath: { path in
            guard let resolved = realpath(path, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        },
        stamp: { path in
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
            #if canImport(Darwin)
                let modified = Int64(status.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int64(status.st_mtimespec.tv_nsec)
            #else
                let modified = Int64(status.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(status.st_mtim.tv_nsec)
            #endif
            return FileStamp(size: Int64(status.st_size), modified: modified, inode: UInt64(status.st_ino))
        },
        tryLock: { path in
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else { throw FileSystem.posixError(path) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let busy = errno == EWOULDBLOCK
                let error = FileSystem.posixError(path)
                close(descriptor)
                if busy { return nil }
                throw error
            }
            return {
                flock(descriptor, LOCK_UN)
                close(descriptor)
            }
        })
}

/// What `stat` says of a file: equal stamps mean, as for git's index and make, a file nobody
/// has written since.
public struct FileStamp: Sendable, Hashable, Codable {
    public var size: Int64
    /// Nanoseconds since the epoch.
    public var modified: Int64
    public var inode: UInt64

    public init(size: Int64, modified: Int64, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.inode = inode
    }
}

extension FileSystem {
    /// The error of the last failed system call, naming the path, in the words of strerror.
    static func posixError(_ path: String) -> CocoaError {
        CocoaError(
            .fileWriteUnknown,
            userInfo: [
                NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
                NSLocalizedDescriptionKey: "\(path): \(String(cString: strerror(errno)))",
            ])
    }

    /// Opens without blocking (a FIFO would wait for a writer forever), refuses anything but a
    /// regular file, and reads at most `limit` bytes.
    static func readRegularFile(_ path: String, limit: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw posixError(path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw posixError(path) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw CocoaError(
                .fileReadUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "\(path): not a regular file"])
        }
        guard Int(status.st_size) <= limit else {
            throw CocoaError(
                .fileReadTooLarge,
                userInfo: [
                    NSFilePathErrorKey: path,
                    NSLocalizedDescriptionKey: "\(path): \(status.st_size) bytes, more than glidepath reads (\(limit))",
                ])
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw posixError(path)
            }
            if count == 0 { break }
            offset += count
        }
        return Array(bytes[0..<offset])
    }
}

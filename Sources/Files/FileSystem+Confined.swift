import Foundation

/// A write that would pass through a symbolic link inside the folder it is confined to.
public struct LinkRefusal: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var link: String
    public var description: String { "\(path): refusing to write through the symbolic link \(link)" }
}

extension FileSystem {
    /// The same disk, but every write, rename, removal and new folder below `root` is refused
    /// when a folder on the way to it is a symbolic link: the last line of defence behind the
    /// checks publish makes before it commits.
    public func confined(to root: String) -> FileSystem {
        let base = self
        let check: @Sendable (String) throws -> Void = { path in
            guard path.hasPrefix(root + "/") else { return }
            var prefix = root
            let components = path.dropFirst(root.count + 1).split(separator: "/")
            for component in components.dropLast() {
                prefix += "/" + component
                if base.entryKind(prefix) == .symbolicLink { throw LinkRefusal(path: path, link: prefix) }
            }
        }
        return FileSystem(
            exists: base.exists, isDirectory: base.isDirectory, contents: base.contents, readFile: base.readFile,
            createDirectory: { path in
                try check(path + "/.")
                try base.createDirectory(path)
            },
            writeFile: { path, bytes in
                try check(path)
                try base.writeFile(path, bytes)
            },
            move: { from, to in
                try check(from)
                try check(to)
                try base.move(from, to)
            },
            remove: { path in
                try check(path)
                try base.remove(path)
            },
            entryKind: base.entryKind, realPath: base.realPath, stamp: base.stamp,
            tryLock: { path in
                try check(path)
                return try base.tryLock(path)
            })
    }
}

extension FileSystem {
    /// A file found by `walk(under:)`.
    public struct WalkedFile: Sendable, Equatable {
        /// Relative to the folder walked.
        public var path: String
        /// The entry is a symbolic link (to a file). Any other entry was reached through real
        /// folders only, so it lies inside the folder walked: only a link needs resolving.
        public var isLink: Bool
    }

    /// Every file below a folder, as paths relative to it, sorted. Hidden files and folders
    /// (`.git`, `.glidepath-output`) are left out, and a symbolic link to a folder is never
    /// followed: two links to `.` would otherwise make the walk endless.
    public func files(under folder: String) throws -> [String] {
        try walk(under: folder).map(\.path)
    }

    /// `files(under:)`, saying which of them are symbolic links.
    public func walk(under folder: String) throws -> [WalkedFile] {
        var found: [WalkedFile] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            for name in try contents(path) where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                switch entryKind(folder + "/" + child) {
                case .directory: pending.append(child)
                case .symbolicLink: if !isDirectory(folder + "/" + child) { found.append(WalkedFile(path: child, isLink: true)) }
                case .file: found.append(WalkedFile(path: child, isLink: false))
                case .other, nil: break
                }
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}

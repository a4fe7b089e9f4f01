extension FileSystem {
    /// Every file below a folder, as paths relative to it, sorted. Hidden files and folders
    /// (`.git`, `.glidepath-output`) are left out, and a symbolic link to a folder is never
    /// followed: two links to `.` would otherwise make the walk endless.
    public func files(under folder: String) throws -> [String] {
        var found: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            for name in try contents(path) where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                switch entryKind(folder + "/" + child) {
                case .directory: pending.append(child)
                case .symbolicLink: if !isDirectory(folder + "/" + child) { found.append(child) }
                case .file: found.append(child)
                case .other, nil: break
                }
            }
        }
        return found.sorted()
    }
}

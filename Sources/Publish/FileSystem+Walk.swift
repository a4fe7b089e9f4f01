extension FileSystem {
    /// Every file below a folder, as paths relative to it, sorted; hidden files and folders
    /// (`.git`, `.glidepath-output`) are left out.
    public func files(under folder: String) throws -> [String] {
        var found: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            for name in try contents(path) where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                if isDirectory(folder + "/" + child) {
                    pending.append(child)
                } else {
                    found.append(child)
                }
            }
        }
        return found.sorted()
    }
}

extension StringProtocol {
    /// The text without the given characters at either end (Foundation-free, so every target can use it).
    public func trimming(_ characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text.removeFirst() }
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return String(text)
    }
}

extension StringProtocol {
    /// The text without the given characters at either end (Foundation-free, so every target can use it).
    public func trimming(_ characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text.removeFirst() }
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return String(text)
    }
}

extension String {
    /// Whether `text` occurs in this string byte for byte. Foundation's `contains` and
    /// `replacingOccurrences` go through NSString (a tenth of a compile) and match canonically
    /// equivalent spellings; generated SQL and PromQL want the exact bytes.
    public func contains(exactly text: String) -> Bool {
        firstOffset(of: Array(text.utf8), in: Array(utf8), from: 0) != nil
    }

    /// Every occurrence of `target`, byte for byte and left to right, replaced.
    public func replacing(exactly target: String, with replacement: String) -> String {
        let target = Array(target.utf8)
        let bytes = Array(utf8)
        guard !target.isEmpty, var found = firstOffset(of: target, in: bytes, from: 0) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + replacement.utf8.count)
        var start = 0
        while true {
            out += bytes[start..<found]
            out += replacement.utf8
            start = found + target.count
            guard let next = firstOffset(of: target, in: bytes, from: start) else { break }
            found = next
        }
        out += bytes[start...]
        return String(decoding: out, as: UTF8.self)
    }
}

private func firstOffset(of target: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    guard !target.isEmpty else { return start }
    guard let first = target.first, bytes.count - start >= target.count else { return nil }
    var index = start
    while index <= bytes.count - target.count {
        if bytes[index] == first, bytes[index..<index + target.count].elementsEqual(target) { return index }
        index += 1
    }
    return nil
}

/// Serialises `YAMLValue` documents by libyaml's rules, so every string is quoted as the library
/// quotes it: written directly (`DirectEmitter`, libyaml's steps without its event machinery)
/// when the document is within what that covers, through libyaml otherwise.
public enum YAMLEmitter {
    public struct Failure: Error, Sendable {
        public var message: String
    }

    public static func emit(_ value: YAMLValue) throws(Failure) -> String {
        if let text = DirectEmitter.emit(value) { return text }
        return try emitThroughLibYAML(value)
    }

    /// The same document through libyaml's emitter: what `DirectEmitter` does not take on, and
    /// the reference its tests compare against.
    public static func emitThroughLibYAML(_ value: YAMLValue) throws(Failure) -> String {
        var events: [EmitEvent] = []
        append(value, to: &events)
        do {
            return try LibYAMLEmitter.emit(events)
        } catch {
            throw Failure(message: error.message)
        }
    }

    /// Several documents, separated by `---`, as a multi-object manifest file.
    public static func emitDocuments(_ values: [YAMLValue]) throws(Failure) -> String {
        var out: [UInt8] = []
        for (index, value) in values.enumerated() {
            if index > 0 { out += "---\n".utf8 }
            if !DirectEmitter.append(value, to: &out) { out += try emitThroughLibYAML(value).utf8 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ value: YAMLValue, to events: inout [EmitEvent]) {
        switch value {
        case .string(let text):
            // Multi-line text (PromQL, Markdown) reads best as a literal block; libyaml falls
            // back to a quoted style where a block cannot represent the text exactly.
            events.append(
                .scalar(
                    text, plainReadsBack: !CoreSchema.plainWouldChangeType(text),
                    preferLiteral: text.contains("\n")))
        case .int(let number):
            events.append(.scalar(String(number), plainReadsBack: true, preferLiteral: false))
        case .number(let number):
            events.append(.scalar(format(number), plainReadsBack: true, preferLiteral: false))
        case .bool(let flag):
            events.append(.scalar(flag ? "true" : "false", plainReadsBack: true, preferLiteral: false))
        case .null:
            events.append(.scalar("null", plainReadsBack: true, preferLiteral: false))
        case .list(let items), .inlineList(let items):
            let inline: Bool
            if case .inlineList = value { inline = true } else { inline = false }
            events.append(.sequenceStart(flow: inline))
            for item in items { append(item, to: &events) }
            events.append(.sequenceEnd)
        case .mapping(let entries):
            events.append(.mappingStart)
            for entry in entries {
                append(.string(entry.key), to: &events)
                append(entry.value, to: &events)
            }
            events.append(.mappingEnd)
        }
    }

    /// A float that always reads back as a float (`100.0`, never `100`), as Istio's
    /// `mirrorPercentage.value` (a double) is written in its documentation.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? ".nan" : (number < 0 ? "-.inf" : ".inf") }
        let text = String(number)
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }
}

/// Serialises `YAMLValue` documents through libyaml's emitter, so every string is quoted by
/// the library's rules and never by hand.
public enum YAMLEmitter {
    public struct Failure: Error, Sendable {
        public var message: String
    }

    public static func emit(_ value: YAMLValue) throws(Failure) -> String {
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
        var documents: [String] = []
        for value in values { documents.append(try emit(value)) }
        return documents.joined(separator: "---\n")
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

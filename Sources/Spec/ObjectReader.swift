import Diagnostics
import Units

/// Typed access to a decoded object for building the model. Asking for a field the language
/// does not declare is a programming error caught by the tests, never a user's mistake.
struct ObjectReader {
    let object: SpecObject
    /// Records which fields the model reads, so a test can prove it reads every one the
    /// language declares; nil outside that test.
    var usage: FieldUsage? = nil

    var range: SourceRange { object.range }
    var keyRange: SourceRange { object.keyRange }

    func node(_ name: String) -> SpecNode? {
        precondition(object.type.field(name) != nil, "\(object.type.name) declares no field '\(name)'")
        usage?.read.insert(object.type.name + "." + name)
        return object.fields[name]
    }

    /// The field, or an empty placeholder at the object when the decoder reported it missing
    /// (model building only happens when decoding found no errors, so this is never seen).
    private func fallback<T>(_ value: T) -> Located<T> { Located(value, at: keyRange, isDefault: true) }

    func text(_ name: String) -> Located<String>? {
        guard let node = node(name), case .text(let text) = node.value else { return nil }
        return Located(text, at: node.range, isDefault: node.isDefault)
    }

    func requiredText(_ name: String) -> Located<String> { text(name) ?? fallback("") }

    func int(_ name: String) -> Located<Int>? {
        guard let node = node(name), case .integer(let number) = node.value else { return nil }
        return Located(number, at: node.range, isDefault: node.isDefault)
    }

    func requiredInt(_ name: String) -> Located<Int> { int(name) ?? fallback(0) }

    func number(_ name: String) -> Located<Double>? {
        guard let node = node(name) else { return nil }
        switch node.value {
        case .number(let number), .percent(let number): return Located(number, at: node.range, isDefault: node.isDefault)
        default: return nil
        }
    }

    func requiredNumber(_ name: String) -> Located<Double> { number(name) ?? fallback(0) }

    func duration(_ name: String) -> Located<TimeSpan>? {
        guard let node = node(name), case .duration(let span) = node.value else { return nil }
        return Located(span, at: node.range, isDefault: node.isDefault)
    }

    func requiredDuration(_ name: String) -> Located<TimeSpan> { duration(name) ?? fallback(.zero) }

    func bool(_ name: String) -> Bool {
        guard let node = node(name), case .boolean(let flag) = node.value else { return false }
        return flag
    }

    func locatedBool(_ name: String) -> Located<Bool> {
        guard let node = node(name), case .boolean(let flag) = node.value else { return fallback(false) }
        return Located(flag, at: node.range, isDefault: node.isDefault)
    }

    func moment(_ name: String) -> Located<Moment>? {
        guard let text = text(name), let moment = Moment(text.value) else { return nil }
        return Located(moment, at: text.range, isDefault: text.isDefault)
    }

    func object(_ name: String) -> ObjectReader? {
        guard let node = node(name), case .object(let object) = node.value else { return nil }
        return ObjectReader(object: object, usage: usage)
    }

    func list(_ name: String) -> [SpecNode]? {
        guard let node = node(name), case .list(let items) = node.value else { return nil }
        return items
    }

    func objects(_ name: String) -> [ObjectReader] {
        (list(name) ?? []).compactMap { node in
            if case .object(let object) = node.value { return ObjectReader(object: object, usage: usage) }
            return nil
        }
    }

    func texts(_ name: String) -> [Located<String>] {
        (list(name) ?? []).compactMap { node in
            if case .text(let text) = node.value { return Located(text, at: node.range, isDefault: node.isDefault) }
            return nil
        }
    }

    func numbers(_ name: String) -> [Located<Double>] {
        (list(name) ?? []).compactMap { node in
            switch node.value {
            case .percent(let number), .number(let number): return Located(number, at: node.range)
            default: return nil
            }
        }
    }

    /// A map of strings, sorted by key so everything generated from it is deterministic.
    func dictionary(_ name: String) -> [(key: String, value: String)] {
        guard let node = node(name), case .dictionary(let entries) = node.value else { return [] }
        return entries.compactMap { entry in
            if case .text(let text) = entry.value.value { return (entry.key, text) }
            return nil
        }.sorted { $0.key < $1.key }
    }
}

extension ObjectReader {
    /// A map of strings with each value's location, sorted by key.
    func locatedDictionary(_ name: String) -> [(key: String, value: Located<String>)] {
        guard let node = node(name), case .dictionary(let entries) = node.value else { return [] }
        return entries.compactMap { entry in
            if case .text(let text) = entry.value.value { return (entry.key, Located(text, at: entry.value.range)) }
            return nil
        }.sorted { $0.key < $1.key }
    }
}

/// The fields a model build read, as `Type.field`.
final class FieldUsage {
    var read: Set<String> = []
}

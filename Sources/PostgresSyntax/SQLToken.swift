/// One token of SQL text as PostgreSQL's scanner reports it: its byte range in the UTF-8
/// text and its kind, with comments kept (the parser drops them).
public struct SQLToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `-- ...` to the end of the line.
        case lineComment
        /// `/* ... */`, nested or not.
        case blockComment
        /// A `;` ending a statement.
        case semicolon
        /// A name that is not a keyword, plain or double-quoted.
        case identifier
        case other(Int)
    }

    public var kind: Kind
    /// Byte offsets into the UTF-8 text, end exclusive.
    public var start: Int
    public var end: Int

    public var isComment: Bool { kind == .lineComment || kind == .blockComment }
}

/// libpg_query hands scanner output over as a protobuf `ScanResult` (pg_query.proto:
/// `repeated ScanToken tokens = 2`, each `int32 start = 1; int32 end = 2; Token token = 4`).
/// The message is small and fixed, so it is read here field by field.
enum ScanResultDecoder {
    /// Token numbers of pg_query.proto's `Token` enum for the kinds glidepath looks at.
    static let sqlComment = 275, cComment = 276, semicolon = 59, identifier = 258

    static func tokens(_ bytes: [UInt8]) -> [SQLToken]? {
        var reader = ProtobufReader(bytes: bytes[...])
        var tokens: [SQLToken] = []
        while !reader.isAtEnd {
            guard let (field, wireType) = reader.key() else { return nil }
            if field == 2, wireType == 2 {
                guard let body = reader.lengthDelimited(), let token = token(body) else { return nil }
                tokens.append(token)
            } else if !reader.skip(wireType) {
                return nil
            }
        }
        return tokens
    }

    private static func token(_ bytes: ArraySlice<UInt8>) -> SQLToken? {
        var reader = ProtobufReader(bytes: bytes)
        var start = 0
        var end = 0
        var number = 0
        while !reader.isAtEnd {
            guard let (field, wireType) = reader.key() else { return nil }
            switch (field, wireType) {
            case (1, 0):
                guard let value = reader.varint() else { return nil }
                start = Int(truncatingIfNeeded: value)
            case (2, 0):
                guard let value = reader.varint() else { return nil }
                end = Int(truncatingIfNeeded: value)
            case (4, 0):
                guard let value = reader.varint() else { return nil }
                number = Int(truncatingIfNeeded: value)
            default: guard reader.skip(wireType) else { return nil }
            }
        }
        let kind: SQLToken.Kind =
            switch number {
            case sqlComment: .lineComment
            case cComment: .blockComment
            case semicolon: .semicolon
            case identifier: .identifier
            default: .other(number)
            }
        return SQLToken(kind: kind, start: start, end: end)
    }
}

/// The protobuf wire format, as far as a scan result needs it.
struct ProtobufReader {
    var bytes: ArraySlice<UInt8>

    var isAtEnd: Bool { bytes.isEmpty }

    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = bytes.popFirst() {
            guard shift < 64 else { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    mutating func key() -> (field: Int, wireType: Int)? {
        guard let key = varint() else { return nil }
        return (Int(key >> 3), Int(key & 7))
    }

    mutating func lengthDelimited() -> ArraySlice<UInt8>? {
        guard let length = varint(), length <= UInt64(bytes.count) else { return nil }
        let body = bytes.prefix(Int(length))
        bytes = bytes.dropFirst(Int(length))
        return body
    }

    mutating func skip(_ wireType: Int) -> Bool {
        switch wireType {
        case 0: return varint() != nil
        case 1:
            guard bytes.count >= 8 else { return false }
            bytes = bytes.dropFirst(8)
            return true
        case 2: return lengthDelimited() != nil
        case 5:
            guard bytes.count >= 4 else { return false }
            bytes = bytes.dropFirst(4)
            return true
        default: return false
        }
    }
}

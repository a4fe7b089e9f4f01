/// SHA-1 (FIPS 180-4), only to name git objects: a blob's id in a SHA-1 repository is the
/// SHA-1 of `blob <size>\0` and its bytes. Publish compares these ids, which `git ls-tree`
/// lists without reading a blob, with the ids it recorded; it never relies on SHA-1 for
/// anything a person approves (that is SHA-256).
public enum SHA1 {
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for word in digest(bytes) {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func digest(_ bytes: [UInt8]) -> [UInt32] {
        var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var message = bytes
        let bitLength = UInt64(bytes.count) &* 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 80)
        message.withUnsafeBufferPointer { input in
            for block in stride(from: 0, to: input.count, by: 64) {
                for i in 0..<16 {
                    let at = block + i * 4
                    w[i] = UInt32(input[at]) << 24 | UInt32(input[at + 1]) << 16 | UInt32(input[at + 2]) << 8 | UInt32(input[at + 3])
                }
                for i in 16..<80 { w[i] = rotate(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
                var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
                for i in 0..<80 {
                    let (f, k): (UInt32, UInt32) =
                        switch i {
                        case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                        case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                        case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                        default: (b ^ c ^ d, 0xCA62_C1D6)
                        }
                    let t = rotate(a, 5) &+ f &+ e &+ k &+ w[i]
                    (e, d, c, b, a) = (d, c, rotate(b, 30), a, t)
                }
                state[0] = state[0] &+ a
                state[1] = state[1] &+ b
                state[2] = state[2] &+ c
                state[3] = state[3] &+ d
                state[4] = state[4] &+ e
            }
        }
        return state
    }

    @inline(__always)
    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }
}

/// How a git repository names its objects (`extensions.objectFormat`).
public enum GitObjectFormat: String, Sendable {
    case sha1, sha256

    /// The id git gives a blob of these bytes.
    public func blobID(_ bytes: [UInt8]) -> String {
        let object = Array("blob \(bytes.count)\0".utf8) + bytes
        return self == .sha1 ? SHA1.hex(object) : SHA256.hex(object)
    }
}

internal import CSHA256

/// SHA-256 (FIPS 180-4) of bytes, as lowercase hex. The runbook binds sign-offs to a digest of
/// the generated files and keys checkpoints by the spec's digest; a collision-resistant hash
/// means an edited file can never be mistaken for the one a person approved. Written here to
/// spare every build a cryptography dependency for one function; whole blocks go to the
/// processor's SHA extensions where it has them (CSHA256).
public enum SHA256 {
    /// Whether the blocks go to the processor's SHA extensions: asked once, a fact of the
    /// machine for the life of the process.
    static let hardware = glidepath_sha256_hardware() == 1

    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for word in digest(bytes) {
            for shift in stride(from: 28, through: 0, by: -4) {
                out.append(digits[Int((word >> UInt32(shift)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The eight 32-bit words of the digest.
    public static func digest(_ bytes: [UInt8]) -> [UInt32] {
        digest(bytes, hardware: hardware)
    }

    /// - Parameter hardware: false compresses in Swift whatever the processor: what the tests
    ///   hold the hardware path to.
    static func digest(_ bytes: [UInt8], hardware: Bool) -> [UInt32] {
        var state: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        // Whole blocks are read straight from the input; only the last one or two, with the
        // padding and the length, are copied. Every site build hashes every generated file, so
        // this loop runs over gigabytes at monorepo scale: no per-byte bounds checks or copies.
        let wholeBlocks = bytes.count / 64
        var tail = Array(bytes[(wholeBlocks * 64)...])
        let bitLength = UInt64(bytes.count) &* 8
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        state.withUnsafeMutableBufferPointer { state in
            roundConstants.withUnsafeBufferPointer { constants in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                    bytes.withUnsafeBufferPointer { input in
                        compressBlocks(
                            input.baseAddress, count: wholeBlocks, hardware: hardware, into: state, schedule: schedule, constants: constants
                        )
                    }
                    tail.withUnsafeBufferPointer { padded in
                        compressBlocks(
                            padded.baseAddress, count: padded.count / 64, hardware: hardware, into: state, schedule: schedule,
                            constants: constants)
                    }
                }
            }
        }
        return state
    }

    @inline(__always)
    private static func compressBlocks(
        _ blocks: UnsafePointer<UInt8>?, count: Int, hardware: Bool, into state: UnsafeMutableBufferPointer<UInt32>,
        schedule: UnsafeMutableBufferPointer<UInt32>, constants: UnsafeBufferPointer<UInt32>
    ) {
        guard count > 0, let blocks else { return }
        if hardware {
            glidepath_sha256_blocks(state.baseAddress!, blocks, count, constants.baseAddress!)
            return
        }
        for block in 0..<count {
            compress(blocks + block * 64, into: state, schedule: schedule, constants: constants)
        }
    }

    /// One 64-byte block into the state (FIPS 180-4, 6.2.2).
    @inline(__always)
    private static func compress(
        _ block: UnsafePointer<UInt8>, into state: UnsafeMutableBufferPointer<UInt32>, schedule: UnsafeMutableBufferPointer<UInt32>,
        constants: UnsafeBufferPointer<UInt32>
    ) {
        let w = schedule.baseAddress!
        let k = constants.baseAddress!
        for i in 0..<16 {
            let at = block + i * 4
            w[i] = UInt32(at[0]) << 24 | UInt32(at[1]) << 16 | UInt32(at[2]) << 8 | UInt32(at[3])
        }
        for i in 16..<64 {
            let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        let s = state.baseAddress!
        var (a, b, c, d, e, f, g, h) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7])
        for i in 0..<64 {
            let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
            let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        s[0] = s[0] &+ a
        s[1] = s[1] &+ b
        s[2] = s[2] &+ c
        s[3] = s[3] &+ d
        s[4] = s[4] &+ e
        s[5] = s[5] &+ f
        s[6] = s[6] &+ g
        s[7] = s[7] &+ h
    }

    @inline(__always)
    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

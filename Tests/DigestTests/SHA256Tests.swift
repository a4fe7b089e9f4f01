import Foundation
import Testing

@testable import Digest

@Suite struct SHA256Tests {
    /// FIPS 180-4 examples, the padding edges (55, 56, 63, 64 bytes) and a long input.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownDigests(input: String, expected: String) {
        #expect(SHA256.hex(input) == expected)
    }

    @Test func millionAs() {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(input) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the block boundary, compared with the system's sha256sum.
    @Test func paddingEdgesAgreeWithCoreutils() throws {
        for length in [55, 56, 63, 64, 65, 119, 120, 128] {
            let input = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(length)-\(getpid())")
            try Data(input).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(String(output.prefix(64)) == SHA256.hex(input), "length \(length)")
        }
    }
}

/// The processor's SHA extensions and the Swift compression give the same digests, for every
/// length across several blocks and for large inputs. On a processor without them (this test
/// then compares the Swift path with itself) the hardware path is never taken.
@Suite struct SHA256HardwareTests {
    @Test func hardwareAndSwiftAgree() throws {
        var state: UInt64 = 0x2026_1206
        func nextByte() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let lengths = Array(0...300) + [4096, 65_536 + 17, 1_000_003]
        for length in lengths {
            let input = (0..<length).map { _ in nextByte() }
            #expect(SHA256.digest(input, hardware: SHA256.hardware) == SHA256.digest(input, hardware: false), "length \(length)")
        }
    }
}

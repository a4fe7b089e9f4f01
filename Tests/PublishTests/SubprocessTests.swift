import Testing

@testable import Publish

/// A child's input written in pieces reaches it whole and in order, whatever the pieces' sizes
/// against the buffer (small lines, a piece larger than the buffer, text and bytes mixed).
@Suite struct SubprocessTests {
    @Test func streamedInputArrivesWholeAndInOrder() throws {
        let input = try ChildInput()
        var expected: [UInt8] = []
        for index in 0..<40_000 {
            let line = "line \(index)\n"
            try input.append(line)
            expected += Array(line.utf8)
        }
        let large = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try input.append(large)
        expected += large
        try input.append([0x00, 0xFF][...])
        expected += [0x00, 0xFF]
        let result = try Subprocess.run("/bin/cat", [], input: input, environment: [:])
        #expect(result.status == 0)
        #expect(result.output.count == expected.count)
        #expect(result.output == expected)
    }
}

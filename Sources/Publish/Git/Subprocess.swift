#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A finished child process: its exit status and everything it printed.
struct ProcessOutput: Sendable {
    var status: Int32
    var output: [UInt8]
    var errors: [UInt8]
}

/// Why a child process could not be started at all (the program is missing, fork failed).
struct SpawnError: Error, Sendable {
    var message: String
}

/// Runs a program with an argument array, never through a shell. Standard input, output and
/// error are anonymous temporary files (created, then unlinked at once), so a child that
/// prints megabytes can never deadlock on a full pipe and nothing is left behind if either
/// process is killed. The child starts with an empty signal mask and default handlers,
/// whatever threads of the caller block.
enum Subprocess {
    static func run(
        _ executable: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String]
    ) throws(SpawnError) -> ProcessOutput {
        let stdin = try ChildInput()
        try stdin.append(input)
        return try run(executable, arguments, input: stdin, environment: environment)
    }

    /// `run`, with standard input written piece by piece beforehand (`ChildInput`).
    static func run(
        _ executable: String, _ arguments: [String], input: ChildInput, environment: [String: String]
    ) throws(SpawnError) -> ProcessOutput {
        let stdin = try input.rewound()
        let stdout = try anonymousFile()
        defer { close(stdout) }
        let stderr = try anonymousFile()
        defer { close(stderr) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw SpawnError(message: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessOutput(status: exitCode, output: readAll(stdout), errors: readAll(stderr))
    }

    /// The first executable called `name` on PATH.
    static func find(_ name: String, path: String?) -> String? {
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = folder + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// An empty temporary file, unlinked at once: gone with its last descriptor.
    fileprivate static func anonymousFile() throws(SpawnError) -> Int32 {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((folder + "/glidepath-io-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SpawnError(message: "cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    fileprivate static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(SpawnError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SpawnError(message: "cannot write a temporary file: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    private static func readAll(_ fd: Int32) -> [UInt8] {
        lseek(fd, 0, SEEK_SET)
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            result.append(contentsOf: buffer[0..<count])
        }
        return result
    }
}

/// A child's standard input, written in pieces before the child starts, into an anonymous
/// temporary file: an input of a gigabyte (the fast-import stream of a first publish of 10,000
/// migrations) never sits in memory whole.
final class ChildInput {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private static let flushAt = 1 << 20

    init() throws(SpawnError) {
        descriptor = try Subprocess.anonymousFile()
    }

    deinit { close(descriptor) }

    func append(_ bytes: some Sequence<UInt8>) throws(SpawnError) {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.flushAt { try flush() }
    }

    func append(_ bytes: [UInt8]) throws(SpawnError) {
        guard bytes.count >= Self.flushAt else { return try append(bytes[...]) }
        try flush()
        try Subprocess.writeAll(bytes, to: descriptor)
    }

    func append(_ text: String) throws(SpawnError) {
        try append(text.utf8)
    }

    private func flush() throws(SpawnError) {
        try Subprocess.writeAll(pending, to: descriptor)
        pending.removeAll(keepingCapacity: true)
    }

    /// Everything written, and the file read from its start: the child's standard input.
    fileprivate func rewound() throws(SpawnError) -> Int32 {
        try flush()
        lseek(descriptor, 0, SEEK_SET)
        return descriptor
    }
}

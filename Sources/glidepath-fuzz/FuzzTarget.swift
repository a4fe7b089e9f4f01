import GlidepathCore

/// libFuzzer's entry point: every input is a spec file. It is loaded, checked and planned,
/// and when it checks clean, everything is rendered (manifests, SQL, runbook), as `compile`
/// would, but in memory. A crash, a sanitizer report, a hang or runaway memory is a finding;
/// diagnostics are the expected outcome for nearly every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let checked = Glidepath.check(bytes: bytes, path: "fuzz.yaml")
    guard let plan = checked.plan else { return 0 }
    _ = try? Glidepath.render(plan)
    return 0
}

/// libFuzzer's driver, from its no-main runtime: flags, corpus, mutation loop.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The executable's entry point (SwiftPM names it after the module): libFuzzer takes over.
@_cdecl("glidepath_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}

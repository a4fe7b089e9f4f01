import Files
import Plan
import YAML

/// The migration's flags as the object the flag system reads: an OpenFeature Operator
/// `FeatureFlag` (its `flagSpec` is flagd's own flag definition format) or a ConfigMap whose
/// keys are the flags and whose values are the share of users each is on for.
struct FlagObjectRenderer {
    let context: ManifestContext

    func render() throws(RenderError) -> Artifact? {
        guard let flags = context.plan.flags, let object = flags.object else { return nil }
        let document: YAMLValue
        switch object.kind {
        case .featureFlag:
            document = context.object(
                apiVersion: "core.openfeature.dev/v1beta1", kind: "FeatureFlag", name: object.name,
                spec: .map([("flagSpec", .map([("flags", .mapping(flags.flags.map { YAMLEntry($0.key, Self.flagd($0)) }))]))]))
        case .configMap:
            document = .map([
                ("apiVersion", .string("v1")), ("kind", .string("ConfigMap")), ("metadata", context.metadata(object.name)),
                ("data", .mapping(flags.flags.map { YAMLEntry($0.key, .string(Self.percent($0.initial))) })),
            ])
        }
        return try context.file("manifests/\(Names.File.flags)", kind: "Feature flags", documents: [document])
    }

    /// One boolean flag in flagd's format (flagd-schemas json/flags.json, `booleanFlag`): both
    /// variants, the default one, and for a cohort a `fractional` split by targeting key.
    static func flagd(_ flag: FlagPlan.Flag) -> YAMLValue {
        var targeting: YAMLValue? = nil
        if case .cohort(let percent) = flag.initial {
            // Whole percentages adding up to 100: what every flagd release reads.
            let on = FlagWeights.wholePercent(percent)
            targeting = .map([
                (
                    "fractional",
                    .list([
                        .inlineList([.string("on"), .int(on)]), .inlineList([.string("off"), .int(100 - on)]),
                    ])
                )
            ])
        }
        return .map([
            ("state", .string("ENABLED")),
            ("variants", .map([("on", .bool(true)), ("off", .bool(false))])),
            ("defaultVariant", .string(flag.initial == .on ? "on" : "off")),
            ("targeting", targeting),
        ])
    }

    static func percent(_ value: FlagPlan.Value) -> String {
        FlagWeights.percentText(value.percent)
    }
}

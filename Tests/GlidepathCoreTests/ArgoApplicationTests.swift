import Foundation
import TestSupport
import Testing

/// The Argo CD Application of every example, published into a repository: accepted by the
/// upstream Application schema, and ignoring exactly what Argo Rollouts rewrites (and the flags
/// the on-call patches live, where the spec changes them with kubectl).
@Suite struct ArgoApplicationTests {
    @Test func everyExampleGivesAnApplicationTheSchemaAcceptsAndThatIgnoresExactlyTheRolloutsFields() throws {
        let fixture = try GitFixture()
        let repo = try fixture.clone("work")
        // A repository takes a new migration at its baseline first; the examples are the version change.
        let baselines = try examples.map { try fixture.spec(from: $0) }
        let first = try run(try glidepathBinary(), ["publish"] + baselines + ["--repo", repo])
        try #require(first.status == 0, "\(first.errors)")
        let specs = try examples.map { try fixture.spec(from: $0, canary: true) }
        let published = try run(
            try glidepathBinary(),
            ["publish"] + specs + [
                "--repo", repo, "--repo-url", "https://git.example.com/platform/gitops.git", "--argocd-project", "payments", "--auto-sync",
            ])
        try #require(published.status == 0, "\(published.errors)")

        let validated = try run(sharedTools + "/validate-manifests", [repo + "/apps"])
        try #require(validated.status != 2, "validate-manifests cannot run: \(validated.errors)")
        #expect(validated.status == 0, "\(validated.output)")
        #expect(validated.output.contains(" passed, 0 failed"))

        // What the Rollout tells Argo Rollouts to manage, against what the Application ignores.
        let script = """
            import glob, json, sys, yaml
            for app_path in sorted(glob.glob(sys.argv[1] + '/apps/*/migrations/*/application.yaml')):
                folder = app_path.rsplit('/', 1)[0]
                app = yaml.safe_load(open(app_path))
                rollout = yaml.safe_load(open(folder + '/manifests/rollout.yaml'))
                istio = rollout['spec']['strategy']['canary']['trafficRouting']['istio']
                ignored = {(i['kind'], i['name']): i.get('jqPathExpressions') or i.get('jsonPointers') for i in app['spec']['ignoreDifferences']}
                expected = {('VirtualService', istio['virtualService']['name']): [
                    '.spec.http[] | select(.name == "%s") | .route[].weight' % r for r in istio['virtualService']['routes']]}
                if 'destinationRule' in istio:
                    expected[('DestinationRule', istio['destinationRule']['name'])] = ['.spec.subsets[].labels["rollouts-pod-template-hash"]']
                # Flags changed live by kubectl patch (the orders example) are Argo CD's to ignore too.
                if folder.endswith('/orders-shipping-zone'):
                    expected[('FeatureFlag', 'orders-shipping-zone-flags')] = ['/spec/flagSpec/flags']
                assert ignored == expected, (app_path, ignored, expected)
                assert app['spec']['source']['path'] == folder[len(sys.argv[1]) + 1:] + '/manifests', app_path
                assert app['spec']['source']['repoURL'] == 'https://git.example.com/platform/gitops.git'
                assert app['spec']['project'] == 'payments'
                assert app['spec']['syncPolicy']['automated'] == {'prune': False, 'selfHeal': True}
                assert app['spec']['syncPolicy']['syncOptions'] == ['RespectIgnoreDifferences=true', 'ApplyOutOfSyncOnly=true']
                assert app['spec']['destination']['namespace'] == rollout['metadata']['namespace']
                print(app_path.split('/')[-2], sorted(k for k, _ in ignored))
            """
        let checked = try run("/usr/bin/env", ["python3", "-c", script, repo])
        #expect(checked.status == 0, "\(checked.errors)")
        #expect(checked.output.split(separator: "\n").count == examples.count, "\(checked.output)")
        #expect(checked.output.contains("'DestinationRule'"), "the subset-routing example ignores its subset labels")

        // The settings are recorded: a later publish without the flags renders the same files.
        let again = try run(try glidepathBinary(), ["publish"] + specs + ["--repo", repo])
        #expect(again.output.hasPrefix("nothing to publish"), "\(again.output)\(again.errors)")
    }
}

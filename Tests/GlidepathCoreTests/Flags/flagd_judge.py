"""Judges a generated flag object with flagd's own schema and evaluation engine.

Usage: flagd_judge.py SCHEMAS_DIR MANIFEST FLAG_KEY SUBJECTS
Reads the FeatureFlag (or a ConfigMap of percentages) in MANIFEST, validates a FeatureFlag's
flagSpec against flagd-schemas' flags.json (with targeting.json resolved by its $id), evaluates
FLAG_KEY for SUBJECTS distinct targeting keys with the OpenFeature flagd provider's in-process
engine (file mode), and prints the number of subjects that got `true`.
"""
import json
import os
import sys
import tempfile

import yaml


def main():
    schemas, manifest, key, subjects = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    document = yaml.safe_load(open(manifest))
    if document["kind"] == "ConfigMap":
        # A ConfigMap carries the share of users in percent; the service applies it itself.
        print(round(float(document["data"][key]) / 100 * subjects))
        return
    flag_spec = document["spec"]["flagSpec"]

    import jsonschema
    from referencing import Registry, Resource

    flags_schema = json.load(open(os.path.join(schemas, "flags.json")))
    targeting_schema = json.load(open(os.path.join(schemas, "targeting.json")))
    registry = Registry().with_resources([
        (flags_schema["$id"], Resource.from_contents(flags_schema)),
        (targeting_schema["$id"], Resource.from_contents(targeting_schema)),
    ])
    # Entered through its $id, so flags.json's relative reference to ./targeting.json resolves
    # against it (draft-07 ignores an $id that sits beside a $ref at the root).
    jsonschema.Draft7Validator({"$ref": flags_schema["$id"]}, registry=registry).validate(flag_spec)

    from openfeature import api
    from openfeature.evaluation_context import EvaluationContext
    from openfeature.contrib.provider.flagd import FlagdProvider
    from openfeature.contrib.provider.flagd.config import ResolverType

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(flag_spec, handle)
        path = handle.name
    try:
        api.set_provider_and_wait(FlagdProvider(resolver_type=ResolverType.FILE, offline_flag_source_path=path))
        client = api.get_client()
        on = 0
        for index in range(subjects):
            details = client.get_boolean_details(key, False, EvaluationContext(targeting_key="user-%d" % index))
            if details.error_code is not None:
                raise SystemExit("flagd could not evaluate %s: %s %s" % (key, details.error_code, details.error_message))
            on += bool(details.value)
        print(on)
    finally:
        os.unlink(path)
        api.shutdown()


if __name__ == "__main__":
    main()

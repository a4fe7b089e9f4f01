"""Writes YAML inputs of every shape the loader must take in linear time, each as close to
the 1 MiB spec limit as the shape allows, into the folder given as the first argument."""
import os
import sys

LIMIT = 1 << 20
HEADER = ("apiVersion: glidepath.dev/v1alpha1\nkind: Migration\nmetadata:\n  name: big\n"
          "  service: big\n  owners: [a]\nworkload:\n  deployment: big\n")


def fill(prefix, make, suffix=""):
    """prefix + make(0) + make(1) + ... + suffix, stopping below the limit."""
    parts, size, i = [prefix], len(prefix.encode()) + len(suffix.encode()), 0
    while True:
        piece = make(i)
        if size + len(piece.encode()) > LIMIT:
            break
        parts.append(piece)
        size += len(piece.encode())
        i += 1
    return "".join(parts) + suffix


shapes = {
    # A block list of 1 MiB: owners, one item per line.
    "block-list": fill(HEADER.replace("  owners: [a]\n", "  owners:\n"), lambda i: f"    - owner{i}\n"),
    # A flow list on one line.
    "flow-list": fill(HEADER.replace("  owners: [a]\n", "  owners: ["), lambda i: f"o{i},", "x]\n"),
    # A mapping with as many keys as fit: environment variables of the pod template.
    "wide-mapping": fill(HEADER.replace("  deployment: big\n", "  template:\n    image: x\n    env:\n"),
                         lambda i: f"      K{i}: v\n"),
    # Unknown keys at the top level: a diagnostic each (until the node limit stops it).
    "unknown-keys": fill(HEADER, lambda i: f"unknown{i}: 1\n"),
    # One scalar of 1 MiB: the summary.
    "long-scalar": HEADER.replace("  owners: [a]\n", "  owners: [a]\n  summary: |\n")
    + "    " + "lorem ipsum " * ((LIMIT - len(HEADER) - 200) // 12) + "\n",
    # Nesting at the depth limit, repeated.
    "deep-nesting": fill("x:\n", lambda i: "  - " + "[" * 90 + "1" + "]" * 90 + "\n"),
    # Anchors and aliases up to the node limit.
    "aliases": fill("a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb:\n", lambda i: "  - *a\n"),
}

os.makedirs(sys.argv[1], exist_ok=True)
for name, text in shapes.items():
    with open(os.path.join(sys.argv[1], name + ".yaml"), "w") as out:
        out.write(text)

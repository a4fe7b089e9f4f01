#!/usr/bin/env bash
# Builds the Argo CD plugin sidecar's root file system as docs/gitops/Containerfile describes,
# without a container engine: Debian bookworm's minimal base (debootstrap --variant=minbase,
# the equivalent of debian:bookworm-slim) with the glidepath package from dist/ installed by
# dpkg. Run as root, after scripts/release.sh.
#
#   bash scripts/sidecar-rootfs.sh ROOT
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:?usage: bash scripts/sidecar-rootfs.sh ROOT}
package=$(ls dist/glidepath_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -1)
[ -n "$package" ] || { echo "sidecar-rootfs: no package in dist/; run scripts/release.sh first" >&2; exit 2; }
command -v debootstrap >/dev/null 2>&1 || { echo "sidecar-rootfs: debootstrap is missing (apt-get install debootstrap)" >&2; exit 2; }
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$root.debootstrap.log" 2>&1 ||
  { tail -20 "$root.debootstrap.log" >&2; exit 1; }
rm -f "$root.debootstrap.log"
cp "$package" "$root/tmp/glidepath.deb"
chroot "$root" dpkg -i /tmp/glidepath.deb >/dev/null
rm -f "$root/tmp/glidepath.deb"
echo "sidecar-rootfs: $root holds Debian bookworm (minbase) and $(basename "$package")" >&2

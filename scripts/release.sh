#!/usr/bin/env bash
# Builds glidepath for machines without Swift, into dist/:
#   glidepath-VERSION-linux-ARCH.tar.gz   bin/glidepath, the man page, bash/zsh/fish completions,
#                                         LICENSE, the third-party notice and SHA256SUMS
#   glidepath_VERSION_DEBARCH.deb         /usr/bin/glidepath, completions and man page in their
#                                         standard places
#   SHA256SUMS                            of both
# The binary links Swift's runtime and Foundation statically (--static-swift-stdlib) and
# libyaml, libcmark and libpg_query from Debian's static archives, so it needs only the C
# library and its companions (libm, libgcc_s, libstdc++). Both packages are byte-for-byte the same for the same commit:
# every timestamp is the commit's (SOURCE_DATE_EPOCH), build paths are mapped away, owners
# and file order are fixed, gzip writes no name or time.
#
#   bash scripts/release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

missing=()
for package in libyaml-dev libcmark-dev libpg-query-dev pkg-config dpkg-dev binutils; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "release: installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

version=$(sed -n 's/.*public static let version = "\(.*\)"/\1/p' Sources/GlidepathCore/Glidepath.swift)
machine=$(uname -m)
debian_arch=$(dpkg --print-architecture)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export TZ=UTC LC_ALL=C
umask 022

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pkg-config and the module maps ask for -lyaml, -lcmark, -lpg_query: a folder holding only the
# static archives, searched first, makes the linker take those.
libdir=$(pkg-config --variable=libdir yaml-0.1)
mkdir -p "$work/static/pkgconfig"
for archive in libyaml.a libcmark.a libpg_query.a; do
  [ -f "$libdir/$archive" ] || { echo "release: $libdir/$archive is missing (its -dev package ships it)" >&2; exit 2; }
  ln -s "$libdir/$archive" "$work/static/$archive"
done
for module in yaml-0.1 libcmark; do
  printf 'Name: %s\nDescription: %s, static\nVersion: %s\nCflags: %s\nLibs: -L%s -l%s\n' \
    "$module" "$module" "$(pkg-config --modversion "$module")" "$(pkg-config --cflags "$module")" \
    "$work/static" "${module%-0.1}" | sed 's/-llibcmark/-lcmark/' >"$work/static/pkgconfig/$module.pc"
done

echo "release: building glidepath $version for $machine" >&2
build=(swift build -c release --build-path .build-release --product glidepath --static-swift-stdlib
  -Xswiftc -file-prefix-map -Xswiftc "$root=/glidepath" -Xswiftc -debug-prefix-map -Xswiftc "$root=/glidepath")
PKG_CONFIG_PATH="$work/static/pkgconfig" "${build[@]}" >"$work/build.log" 2>&1 || {
  grep -v "mktemp' is dangerous" "$work/build.log" | tail -30 >&2
  exit 1
}
binary="$(PKG_CONFIG_PATH="$work/static/pkgconfig" "${build[@]}" --show-bin-path)/glidepath"

# Only the C library and its companions may remain (libstdc++ and libgcc_s, which the Swift
# runtime's static link still names, are in every Debian and Ubuntu base image).
unexpected=$(ldd "$binary" | awk '{print $1}' | grep -v -E '^(linux-vdso\.so|/lib64/ld-linux|ld-linux|libc\.so|libm\.so|libgcc_s\.so|libstdc\+\+\.so|libpthread\.so|libdl\.so|librt\.so|libutil\.so)' || true)
if [ -n "$unexpected" ]; then
  echo "release: the binary still needs: $unexpected" >&2
  exit 1
fi

stage="$work/glidepath-$version-linux-$machine"
mkdir -p "$stage/bin" "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
  "$stage/share/zsh/site-functions" "$stage/share/fish/vendor_completions.d" "$stage/share/doc/glidepath"
# Stripped, and without the two sections that depend on where it was built: the module
# hashes Swift records for debuggers (.swift_modhash) and the linker's build id over them.
objcopy --strip-all --remove-section=.swift_modhash --remove-section=.note.gnu.build-id "$binary" "$stage/bin/glidepath"
"$stage/bin/glidepath" --generate-completion-script bash >"$stage/share/bash-completion/completions/glidepath"
"$stage/bin/glidepath" --generate-completion-script zsh >"$stage/share/zsh/site-functions/_glidepath"
"$stage/bin/glidepath" --generate-completion-script fish >"$stage/share/fish/vendor_completions.d/glidepath.fish"
# swift-argument-parser's own manual generator, dated by the commit.
mkdir -p "$work/man"
swift package --build-path .build-manual --allow-writing-to-directory "$work/man" generate-manual --output-directory "$work/man" \
  --date "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)" >"$work/man.log" 2>&1 || { tail -20 "$work/man.log" >&2; exit 1; }
cp "$work/man/glidepath.1" "$stage/share/man/man1/glidepath.1"
cp LICENSE "$stage/share/doc/glidepath/LICENSE"
cp docs/third-party.md "$stage/share/doc/glidepath/third-party.md"
cp LICENSE "$stage/LICENSE"
(cd "$stage" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum >SHA256SUMS)

normalize() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }
archive() { # folder, output .tar.gz
  normalize "$1"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" --format=gnu \
    -C "$(dirname "$1")" -cf - "$(basename "$1")" | gzip -n -9 >"$2"
}

mkdir -p dist
tarball="dist/glidepath-$version-linux-$machine.tar.gz"
archive "$stage" "$tarball"

# The Debian package: the same files where Debian keeps them.
deb="$work/deb"
mkdir -p "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/man/man1" "$deb/usr/share/bash-completion/completions" \
  "$deb/usr/share/zsh/vendor-completions" "$deb/usr/share/fish/vendor_completions.d" "$deb/usr/share/doc/glidepath"
cp "$stage/bin/glidepath" "$deb/usr/bin/glidepath"
gzip -n -9 -c "$stage/share/man/man1/glidepath.1" >"$deb/usr/share/man/man1/glidepath.1.gz"
cp "$stage/share/bash-completion/completions/glidepath" "$deb/usr/share/bash-completion/completions/glidepath"
cp "$stage/share/zsh/site-functions/_glidepath" "$deb/usr/share/zsh/vendor-completions/_glidepath"
cp "$stage/share/fish/vendor_completions.d/glidepath.fish" "$deb/usr/share/fish/vendor_completions.d/glidepath.fish"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: glidepath"
  echo
  echo "Files: *"
  echo "License: MIT"
  sed 's/^$/./; s/^/ /' LICENSE
  echo
  echo "Comment: statically linked components (see third-party.md):"
  sed 's/^$/./; s/^/ /' docs/third-party.md
} >"$deb/usr/share/doc/glidepath/copyright"
cp docs/third-party.md "$deb/usr/share/doc/glidepath/third-party.md"
installed_size=$(du -sk --apparent-size "$deb/usr" | cut -f1)
cat >"$deb/DEBIAN/control" <<EOF
Package: glidepath
Version: $version
Architecture: $debian_arch
Maintainer: The glidepath authors <glidepath@users.noreply.github.com>
Installed-Size: $installed_size
Depends: libc6 (>= 2.34), libgcc-s1, libstdc++6
Section: devel
Priority: optional
Homepage: https://glidepath.dev
Description: compiler for zero-downtime migrations
 Checks one migration spec like a compiler and generates the Argo Rollouts,
 Istio and Argo CD objects, the SQL phase files, alerts, a dashboard and an
 HTML runbook, and publishes them into a GitOps repository.
EOF
(cd "$deb" && find usr -type f -printf '%P\n' | sort | sed 's|^|usr/|' | xargs md5sum >DEBIAN/md5sums)
normalize "$deb"
package="dist/glidepath_${version}_${debian_arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$package" >/dev/null

(cd dist && sha256sum "$(basename "$tarball")" "$(basename "$package")" >SHA256SUMS)
echo "release: $(ls -l "$stage/bin/glidepath" | awk '{print $5}') bytes, $tarball, $package" >&2
cat dist/SHA256SUMS

#!/usr/bin/env bash
# Builds a tiny, reproducible rootfs tarball from Debian's static busybox.
# The simulator and the real daemon import this same file, so both hold the same base image.
set -euo pipefail
out=${1:?usage: make-rootfs.sh OUT.tar}
bb=${BUSYBOX:-/bin/busybox}
[ -x "$bb" ] || { echo "make-rootfs: $bb not found (apt-get install busybox-static)" >&2; exit 1; }
# kept while newer than busybox and than this script (a changed list of applets makes a new one)
[ -f "$out" ] && [ "$out" -nt "$bb" ] && [ "$out" -nt "$0" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/etc" "$tmp/tmp" "$tmp/root" "$tmp/var" "$tmp/home"
cp "$bb" "$tmp/bin/busybox"
for a in sh ls cat echo touch mkdir rm cp mv sleep true false env printf uname; do ln -s busybox "$tmp/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tmp/etc/passwd"
printf 'root:x:0:\n' >"$tmp/etc/group"
printf 'Layerlab busybox base\n' >"$tmp/etc/issue"
chmod 1777 "$tmp/tmp"
tar --sort=name --mtime='2024-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner -C "$tmp" -cf "$out" .

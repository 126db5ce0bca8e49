#!/bin/sh
# Set up famfs-progs on a fresh Debian 12 machine and run the main job on
# an image file: install the build dependencies, build, then make a 1 GiB
# sparse image, format it, check it, copy a file in and back out.
#
#   ./quickstart.sh [IMAGE]      (default IMAGE: /tmp/famfs-quickstart.img)
set -eu
cd "$(dirname "$0")"

deps="build-essential autoconf automake libtool pkg-config uuid-dev libblkid-dev
      libdaxctl-dev zlib1g-dev check e2fsprogs python3 xz-utils"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "== installing build dependencies"
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $deps

echo "== building"
./autogen.sh >/dev/null
./configure >/dev/null
make -j"$(nproc)" >/dev/null

img=${1:-/tmp/famfs-quickstart.img}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Images prepared here are for another host: record a throw-away system
# UUID rather than creating /opt/famfs/system_uuid on this machine.
export FAMFS_SYSTEM_UUID_FILE="$work/system_uuid"

echo "== mkfs.famfs on a 1 GiB sparse image: $img"
rm -f "$img"
./tools/mkfs.famfs "$img" 1g

echo "== fsck.famfs"
./tools/fsck.famfs "$img"

if [ -x ./tools/famfs-cp ]; then
	echo "== famfs-cp: a 5 MiB random file in, and back out"
	head -c 5M /dev/urandom >"$work/data.bin"
	./tools/famfs-cp "$work/data.bin" "$img:data.bin"
	./tools/famfs-cp "$img:data.bin" "$work/back.bin"
	cmp "$work/data.bin" "$work/back.bin" && echo "copied back byte-identical"
	./tools/fsck.famfs "$img"
fi
echo "== done: $img"

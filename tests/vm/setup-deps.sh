#!/bin/sh
# Install the Debian packages the VM test needs (qemu, busybox, ndctl,
# daxctl, kmod). run.sh itself never installs anything; CI or a developer
# runs this once, as root.
set -eu

pkgs="qemu-system-x86 busybox-static ndctl daxctl kmod cpio xz-utils util-linux"

if [ "$(id -u)" != 0 ]; then
	echo "setup-deps.sh: must run as root (apt-get install $pkgs)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
echo "setup-deps.sh: installed $pkgs"

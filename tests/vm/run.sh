#!/bin/sh
# A real device-DAX test: boot a qemu guest (TCG, no KVM) with an emulated
# NVDIMM, make /dev/dax0.0 with ndctl, and run the built tools on it; then
# check from the host what the guest wrote into the NVDIMM's backing file.
# Twice: on Debian 12's kernel (6.1), and on Debian unstable's (7.2 and
# later), where the device is also put in famfs mode (fsdev_dax) to test
# the tools' refusals and their -M switch.
#
# Debian packages only: qemu-system-x86, busybox-static, ndctl, daxctl,
# kmod, cpio, xz-utils (tests/vm/setup-deps.sh installs them), and the two
# Debian kernels, fetched with apt-get download and unpacked with dpkg -x
# (never installed) into tests/vm/.cache. The unstable one comes through a
# private apt configuration there; the machine's apt sources are untouched.
#
# Exit 0: the guest ran the whole scenario and the host check passed.
# Exit 1: anything failed, including a guest that never reached the
# scenario. Exit 77 (skip): qemu, busybox, ndctl or the kernel cannot be had.
set -eu

: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
cache=$top_builddir/tests/vm/.cache
timeout_secs=${FAMFS_VM_TIMEOUT:-600}
work=$(mktemp -d "${TMPDIR:-/tmp}/famfs-vm.XXXXXX")
trap 'rm -rf "$work"' EXIT
SYSTEM_UUID=5f0e6c3a-1b2d-4c8e-9f10-112233445566

say() { echo "vm: $*"; }
skip() { say "SKIP: $*"; exit 77; }
fail() { say "FAIL: $*"; exit 1; }

for tool in qemu-system-x86_64 busybox ndctl daxctl depmod modprobe cpio gzip xz; do
	command -v "$tool" >/dev/null || skip "$tool is missing (run tests/vm/setup-deps.sh as root)"
done
busybox --list | grep -qx poweroff || skip "busybox has no poweroff applet (want busybox-static)"
for t in mkfs.famfs fsck.famfs famfs-cp famfs-layout famfs-probe famfs-devadd famfs-rm; do
	[ -x "$top_builddir/tools/.libs/$t" ] || [ -x "$top_builddir/tools/$t" ] ||
		fail "tools/$t is not built"
done

# ---- the kernels, cached: Debian 12's (the version linux-image-amd64
# points at) and unstable's, whose image is a meta package: the kernel is in
# linux-binary-KVER, the modules (.ko.xz) in linux-modules-KVER, both under
# usr/lib/modules/KVER.
mkdir -p "$cache"
fetch_stable()
{
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/.*Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
	[ -n "$pkg" ] || pkg=$(ls "$cache"/linux-image-*-amd64_*.deb 2>/dev/null | head -n1 |
		sed 's|.*/\(linux-image-[^_]*\)_.*|\1|')
	[ -n "$pkg" ] || skip "cannot tell which kernel package to fetch (apt-cache)"
	kver=${pkg#linux-image-}
	deb=$(ls "$cache/${pkg}"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		say "fetching $pkg"
		(cd "$cache" && apt-get download "$pkg" >/dev/null 2>&1) || skip "cannot download $pkg"
		deb=$(ls "$cache/${pkg}"_*.deb | head -n1)
	fi
	kdir=$cache/k-$kver
	if [ ! -f "$kdir/lib/modules/$kver/modules.dep" ]; then
		rm -rf "$kdir"
		dpkg -x "$deb" "$kdir"
		depmod -b "$kdir" "$kver" 2>/dev/null
	fi
	stable_kver=$kver
	stable_vmlinuz=$kdir/boot/vmlinuz-$kver
	stable_mods=$kdir
}

# apt-get through a sources file of its own for the sid suite (the archive
# and keyring of the machine's Debian sources), with its own lists and cache
sid_apt()
{
	sid=$cache/sid
	mkdir -p "$sid/lists/partial" "$sid/cache/archives/partial"
	[ -f "$sid/sources.list" ] ||
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
			"http://deb.debian.org/debian sid main" >"$sid/sources.list"
	"$@" -o Dir::Etc::sourcelist="$sid/sources.list" -o Dir::Etc::sourceparts=/dev/null \
		-o Dir::State::Lists="$sid/lists" -o Dir::Cache="$sid/cache" \
		-o Dir::State::status=/dev/null
}

fetch_unstable()
{
	kdir=$(ls -d "$cache"/k7-* 2>/dev/null | tail -n1 || true)
	if [ -z "$kdir" ] || [ ! -f "$kdir/done" ]; then
		say "fetching Debian unstable's kernel"
		sid_apt apt-get -qq update >/dev/null 2>&1 || skip "cannot reach the sid suite"
		pkg=$(sid_apt apt-cache depends linux-image-amd64 2>/dev/null |
			sed -n 's/.*Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
		[ -n "$pkg" ] || skip "cannot tell unstable's kernel package"
		kver=${pkg#linux-image-}
		kdir=$cache/k7-$kver
		rm -rf "$kdir" "$cache/debs7"
		mkdir -p "$cache/debs7"
		(cd "$cache/debs7" && sid_apt apt-get -qq download "linux-binary-$kver" \
			"linux-modules-$kver" >/dev/null 2>&1) || skip "cannot download $kver"
		for d in "$cache"/debs7/*.deb; do dpkg -x "$d" "$kdir"; done
		rm -rf "$cache/debs7"
		depmod -b "$kdir/usr" "$kver" 2>/dev/null
		echo "$kver" >"$kdir/done"
	fi
	unstable_kver=$(cat "$kdir/done")
	unstable_vmlinuz=$kdir/usr/lib/modules/$unstable_kver/vmlinuz
	unstable_mods=$kdir/usr
	[ -f "$unstable_vmlinuz" ] || fail "no kernel in $kdir"
}

# copy a program and the libraries ldd lists, at the same paths
add_prog()
{
	mkdir -p "$root$(dirname "$2")"
	cp "$1" "$root$2"
	LD_LIBRARY_PATH=$top_builddir/libfamfs/.libs ldd "$1" | awk '/=>/ { print $3 } /^\t\// { print $1 }' |
		while read -r lib; do
			[ -f "$lib" ] || continue
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
}

# ---- the initramfs: busybox, the NVDIMM and DAX modules, ndctl, daxctl,
# flock, daxhold, and our tools with every shared library they load.
# make_initrd KVER MODBASE "MODULES" MODES (1: the famfs-mode scenario too)
make_initrd()
{
	root=$work/root-$1
	mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/famfs" \
		"$root/mod"
	cp "$(command -v busybox)" "$root/bin/busybox"
	: >"$root/mod/order"
	for m in $3; do
		modprobe -C /dev/null -d "$2" -S "$1" --show-depends "$m"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r ko; do
		base=$(basename "$ko" .xz)
		# busybox insmod takes plain .ko files
		case $ko in
		*.xz) xz -dc "$ko" >"$root/mod/$base" ;;
		*) cp "$ko" "$root/mod/$base" ;;
		esac
		echo "/mod/$base" >>"$root/mod/order"
	done
	[ -s "$root/mod/order" ] || fail "no NVDIMM modules found in $2"

	add_prog "$(command -v ndctl)" /bin/ndctl
	add_prog "$(command -v daxctl)" /bin/daxctl
	command -v flock >/dev/null && add_prog "$(command -v flock)" /bin/flock
	for t in mkfs.famfs fsck.famfs famfs-cp famfs-layout famfs-probe famfs-devadd famfs-rm; do
		bin=$top_builddir/tools/.libs/$t
		[ -x "$bin" ] || bin=$top_builddir/tools/$t
		add_prog "$bin" "/famfs/$t"
	done
	mkdir -p "$root/famfs/lib"
	cp -L "$top_builddir"/libfamfs/.libs/libfamfs.so.0 "$root/famfs/lib/" 2>/dev/null || true
	add_prog "$top_builddir/tests/helpers/daxhold" /famfs/daxhold
	cp "$top_srcdir/tests/vm/guest.sh" "$root/guest.sh"
	cat >"$root/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/famfs LD_LIBRARY_PATH=/famfs/lib FAMFS_SYSTEM_UUID=$SYSTEM_UUID
export FAMFS_VM_MODES=$4
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
for m in \$(cat /mod/order); do insmod \$m || echo "insmod \$m failed"; done
sh /guest.sh
echo "FAMFS-VM-END"
poweroff -f
EOF
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$work/initrd-$1.gz"
	rm -rf "$root"
}

# ---- one guest: a fresh NVDIMM of 4 GiB of sparse backing file plus a
# 128 KiB label area, the scenario, then the host check of its bytes.
# run_kernel KVER VMLINUZ
run_kernel()
{
	kver=$1
	# two NVDIMMs, 4 GiB and 2 GiB of sparse backing file, each plus a
	# 128 KiB label area (the second one for a file system over two devices)
	backing=$work/nvdimm.img
	backing1=$work/nvdimm1.img
	rm -f "$backing" "$backing1"
	size=$((4 * 1024 * 1024 * 1024 + 128 * 1024))
	size1=$((2 * 1024 * 1024 * 1024 + 128 * 1024))
	truncate -s "$size" "$backing"
	truncate -s "$size1" "$backing1"

	say "booting $kver under TCG"
	start=$(date +%s)
	timeout "$timeout_secs" qemu-system-x86_64 -machine pc,nvdimm=on -accel tcg -smp 2 \
		-m 1G,slots=2,maxmem=8G \
		-object memory-backend-file,id=mem1,share=on,mem-path="$backing",size="$size" \
		-device nvdimm,memdev=mem1,id=nv1,label-size=128K \
		-object memory-backend-file,id=mem2,share=on,mem-path="$backing1",size="$size1" \
		-device nvdimm,memdev=mem2,id=nv2,label-size=128K \
		-kernel "$2" -initrd "$work/initrd-$kver.gz" \
		-append "console=ttyS0 panic=-1 quiet loglevel=3" \
		-nographic -no-reboot -nodefaults -serial stdio </dev/null >"$work/console.log" 2>&1 || true
	say "guest ran for $(( $(date +%s) - start )) s"
	log=${FAMFS_VM_LOG:-$top_builddir/tests/vm/console}-$kver.log
	cp "$work/console.log" "$log"
	grep -E '^(==|ok|FAIL|DAX-|DAX1-|UUID=|SET-UUID=)' "$work/console.log" || true
	if ! grep -q '^FAMFS-VM-RESULT: PASS' "$work/console.log"; then
		# CI keeps only this output: the last lines say which step failed and why
		say "the console's last 40 lines:"
		tail -n 40 "$work/console.log"
		fail "the guest did not pass the scenario (console in $log)"
	fi

	# ---- host side: the bytes the guest wrote are a famfs we accept
	res=$(sed -n 's/^DAX-RESOURCE=//p' "$work/console.log" | tr -d '\r')
	base=$(sed -n 's/^REGION-RESOURCE=//p' "$work/console.log" | tr -d '\r')
	daxsize=$(sed -n 's/^DAX-SIZE=//p' "$work/console.log" | tr -d '\r')
	uuid=$(sed -n 's/^UUID=//p' "$work/console.log" | tr -d '\r')
	# the guest's last mkfs made a file system over both NVDIMMs
	setuuid=$(sed -n 's/^SET-UUID=//p' "$work/console.log" | tr -d '\r' | tail -n 1)
	[ -n "$setuuid" ] && uuid=$setuuid
	[ -n "$res" ] && [ -n "$base" ] && [ -n "$daxsize" ] || fail "the guest did not report the DAX range"
	# which backing file is region0: the NVDIMMs differ in size (4 and 2 GiB)
	rsize=$(sed -n 's/^REGION-SIZE=//p' "$work/console.log" | tr -d '\r')
	rsize1=$(sed -n 's/^REGION1-SIZE=//p' "$work/console.log" | tr -d '\r')
	back0=$(backing_of "$rsize")
	back1=$(backing_of "$rsize1")
	[ "$back0" != "$back1" ] || fail "both regions map to $back0 (sizes $rsize, $rsize1)"
	off=$((res - base))
	say "device data at offset $off of the backing file, $daxsize bytes"
	rm -rf "$work/members" "$work/region.img"
	dd if="$back0" of="$work/region.img" bs=1M skip=$((off / 1048576)) count=10 2>/dev/null
	truncate -s "$daxsize" "$work/region.img"
	LD_LIBRARY_PATH=$top_builddir/libfamfs/.libs "$top_builddir/tools/fsck.famfs" "$work/region.img" \
		>"$work/host-fsck.txt" 2>&1 || { cat "$work/host-fsck.txt"; fail "host fsck of the guest's bytes"; }
	grep -q "uuid:          $uuid" "$work/host-fsck.txt" || { cat "$work/host-fsck.txt";
		fail "host sees another UUID than the guest ($uuid)"; }
	grep -q "files:         " "$work/host-fsck.txt"
	say "host fsck.famfs of the guest's bytes: clean, uuid $uuid, $(sed -n 's/^  files: *//p' "$work/host-fsck.txt") files"
	check_secondary
	say "PASS on $kver"
}

# which backing file a region of that size is: the NVDIMMs differ in size
backing_of()
{
	if [ "$1" = $((size1 - 128 * 1024)) ]; then echo "$backing1"; else echo "$backing"; fi
}

# ---- host side, second NVDIMM: the secondary the guest wrote is the one the
# primary's log names, found by its UUID among the host's copies
check_secondary()
{
	res1=$(sed -n 's/^DAX1-RESOURCE=//p' "$work/console.log" | tr -d '\r')
	base1=$(sed -n 's/^REGION1-RESOURCE=//p' "$work/console.log" | tr -d '\r')
	daxsize1=$(sed -n 's/^DAX1-SIZE=//p' "$work/console.log" | tr -d '\r')
	[ -n "$res1" ] && [ -n "$base1" ] && [ -n "$daxsize1" ] || fail "the guest did not report dax1.0"
	off1=$((res1 - base1))
	mkdir "$work/members"
	mv "$work/region.img" "$work/members/region0.img"
	dd if="$back1" of="$work/members/region1.img" bs=1M skip=$((off1 / 1048576)) count=4 2>/dev/null
	truncate -s "$daxsize1" "$work/members/region1.img"
	probe=$top_builddir/tools/famfs-probe
	LD_LIBRARY_PATH=$top_builddir/libfamfs/.libs "$probe" --export "$work/members/region1.img" \
		>"$work/host-probe.txt" 2>&1 || { cat "$work/host-probe.txt"; fail "host probe of dax1.0"; }
	grep -q "^ROLE=secondary$" "$work/host-probe.txt" && grep -q "^UUID=$uuid$" "$work/host-probe.txt" ||
		{ cat "$work/host-probe.txt"; fail "dax1.0 is not a secondary of $uuid"; }
	LD_LIBRARY_PATH=$top_builddir/libfamfs/.libs "$probe" --members --image-dir "$work/members" \
		"$work/members/region0.img" >"$work/host-members.txt" 2>&1 ||
		{ cat "$work/host-members.txt"; fail "host --members over both backing files"; }
	grep -q "^1 secondary .* $work/members/region1.img$" "$work/host-members.txt" ||
		{ cat "$work/host-members.txt"; fail "host does not find dax1.0 as device 1"; }
	say "host famfs-probe: dax1.0 is device 1 of $uuid"
	LD_LIBRARY_PATH=$top_builddir/libfamfs/.libs "$top_builddir/tools/fsck.famfs" \
		--image-dir "$work/members" "$work/members/region0.img" >"$work/host-set.txt" 2>&1 ||
		{ cat "$work/host-set.txt"; fail "host fsck.famfs over both backing files"; }
	grep -q "dev-missing" "$work/host-set.txt" && { cat "$work/host-set.txt";
		fail "host fsck.famfs does not find dax1.0"; }
	say "host fsck.famfs over both devices: clean"
}

fetch_stable
fetch_unstable
make_initrd "$stable_kver" "$stable_mods" "nfit nd_pmem nd_btt dax_pmem device_dax" 0
make_initrd "$unstable_kver" "$unstable_mods" "nfit nd_pmem nd_btt dax_pmem device_dax fsdev_dax" 1
run_kernel "$stable_kver" "$stable_vmlinuz"
run_kernel "$unstable_kver" "$unstable_vmlinuz"
say "PASS"

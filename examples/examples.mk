# examples/: programs a user of the installed library would write. They
# are not built with the tree: installcheck (run by make distcheck) builds
# them against the installed headers and library through pkg-config and
# runs them on an image made by the installed mkfs.famfs.
EXTRA_DIST += examples/famfs-info.c

installcheck-local:
	@set -e; inst='$(DESTDIR)'; tmp=$$(mktemp -d); \
	trap 'rm -rf "$$tmp"' EXIT; \
	PKG_CONFIG_PATH="$$inst$(libdir)/pkgconfig"; export PKG_CONFIG_PATH; \
	PKG_CONFIG_SYSROOT_DIR="$$inst"; export PKG_CONFIG_SYSROOT_DIR; \
	flags=$$($(PKG_CONFIG) --cflags --libs libfamfs); \
	echo "examples: cc famfs-info.c $$flags"; \
	$(CC) -Wall -Werror $(srcdir)/examples/famfs-info.c $$flags -o "$$tmp/famfs-info"; \
	truncate -s 64M "$$tmp/fs.img"; \
	LD_LIBRARY_PATH="$$inst$(libdir)" FAMFS_SYSTEM_UUID=5f0e6c3a-1b2d-4c8e-9f10-112233445566 \
		"$$inst$(sbindir)/mkfs.famfs" -q "$$tmp/fs.img"; \
	LD_LIBRARY_PATH="$$inst$(libdir)" "$$tmp/famfs-info" "$$tmp/fs.img" >"$$tmp/out"; \
	cat "$$tmp/out"; \
	grep -q "0 of 15420 log slots used, 0 files, 0 directories" "$$tmp/out"; \
	for m in $(dist_man_MANS); do \
		test -f "$$inst$(mandir)/man$${m##*.}/$${m##*/}" || { echo "man page $$m not installed"; exit 1; }; \
	done; \
	test -f "$$inst$(includedir)/famfs/famfs.h"; \
	echo "examples: installed library, headers, tools and man pages work"

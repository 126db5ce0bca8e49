# The device-DAX test in a qemu guest (tests/vm/README.md). Not part of
# make check: it needs qemu and a kernel package, and takes about a minute.
EXTRA_DIST += tests/vm/run.sh tests/vm/guest.sh tests/vm/setup-deps.sh tests/vm/README.md
check-vm: all tests/helpers/daxhold
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
		$(SHELL) $(srcdir)/tests/vm/run.sh
.PHONY: check-vm

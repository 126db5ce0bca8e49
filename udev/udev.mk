# The udev rule that makes /dev/famfs/ links (famfs-probe --export), with
# the installed probe's absolute path filled in.
udevrules_DATA = udev/60-famfs.rules
EXTRA_DIST += udev/60-famfs.rules.in
CLEANFILES += udev/60-famfs.rules
udev/60-famfs.rules: $(top_srcdir)/udev/60-famfs.rules.in Makefile
	$(AM_V_GEN)$(MKDIR_P) udev && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' $(top_srcdir)/udev/60-famfs.rules.in >$@

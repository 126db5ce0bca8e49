# libfamfs: every source goes into the internal convenience library, which
# the unit tests link (they may test internal helpers); the installed
# libfamfs.la wraps it and exports only what libfamfs.sym lists.
noinst_LTLIBRARIES += libfamfs/libfamfs-internal.la
libfamfs_libfamfs_internal_la_SOURCES =
include libfamfs/util/util.mk
include libfamfs/format/format.mk
include libfamfs/dev/dev.mk
include libfamfs/fs/fs.mk
include libfamfs/alloc/alloc.mk
include libfamfs/check/check.mk
include libfamfs/layout/layout.mk
include libfamfs/write/write.mk
libfamfs_libfamfs_internal_la_CFLAGS = $(AM_CFLAGS) $(FAMFS_LIB_CFLAGS) -I$(top_srcdir)/libfamfs \
	$(UUID_CFLAGS) $(BLKID_CFLAGS) $(DAXCTL_CFLAGS) $(ZLIB_CFLAGS)
libfamfs_libfamfs_internal_la_LIBADD = \
	$(UUID_LIBS) $(BLKID_LIBS) $(DAXCTL_LIBS) $(ZLIB_LIBS)

lib_LTLIBRARIES += libfamfs/libfamfs.la
libfamfs_libfamfs_la_SOURCES =
libfamfs_libfamfs_la_LIBADD = libfamfs/libfamfs-internal.la
libfamfs_libfamfs_la_LDFLAGS = -version-info $(LIBFAMFS_VERSION_INFO) \
	-Wl,--version-script=$(top_srcdir)/libfamfs/libfamfs.sym
EXTRA_libfamfs_libfamfs_la_DEPENDENCIES = libfamfs/libfamfs.sym
EXTRA_DIST += libfamfs/libfamfs.sym

famfsincludedir = $(includedir)/famfs
famfsinclude_HEADERS = \
	include/famfs/famfs.h \
	include/famfs/error.h \
	include/famfs/format.h \
	include/famfs/device.h \
	include/famfs/daxmode.h \
	include/famfs/fs.h \
	include/famfs/namespace.h \
	include/famfs/mkfs.h \
	include/famfs/check.h \
	include/famfs/devset.h

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = libfamfs/libfamfs.pc
dist_man_MANS += man/libfamfs.3
famfsinclude_HEADERS += include/famfs/alloc.h
famfsinclude_HEADERS += include/famfs/writer.h
famfsinclude_HEADERS += include/famfs/layout.h

famfsinclude_HEADERS += include/famfs/undo.h include/famfs/rewrite.h \
	include/famfs/repair.h
EXTRA_DIST += docs/undo-format.md


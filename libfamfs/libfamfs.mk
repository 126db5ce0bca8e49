# libfamfs: every source goes into the internal convenience library, which
# the unit tests link (they may test internal helpers); the installed
# libfamfs.la wraps it and exports only what libfamfs.sym lists.
noinst_LTLIBRARIES += libfamfs/libfamfs-internal.la
libfamfs_libfamfs_internal_la_SOURCES = \
	libfamfs/crc.h \
	libfamfs/le.h \
	libfamfs/error.c \
	libfamfs/superblock.c \
	libfamfs/log_header.c \
	libfamfs/fmap.h \
	libfamfs/fmap.c \
	libfamfs/log_entry.c \
	libfamfs/path.c \
	libfamfs/dev_internal.h \
	libfamfs/device.c \
	libfamfs/dax.c \
	libfamfs/probe.c \
	libfamfs/error_internal.h \
	libfamfs/fs_internal.h \
	libfamfs/fs.c \
	libfamfs/sysuuid.c \
	libfamfs/mkfs.c \
	libfamfs/image.c \
	libfamfs/arena.h \
	libfamfs/arena.c \
	libfamfs/bigmem.h \
	libfamfs/bigmem.c \
	libfamfs/siphash.h \
	libfamfs/siphash.c \
	libfamfs/ns_internal.h \
	libfamfs/namespace.c \
	libfamfs/check_internal.h \
	libfamfs/bus_guard.h \
	libfamfs/bus_guard.c \
	libfamfs/check.c \
	libfamfs/check_report.c \
	libfamfs/check_extents.c
libfamfs_libfamfs_internal_la_CFLAGS = $(AM_CFLAGS) $(FAMFS_LIB_CFLAGS) \
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
	include/famfs/fs.h \
	include/famfs/namespace.h \
	include/famfs/mkfs.h \
	include/famfs/check.h

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = libfamfs/libfamfs.pc
include libfamfs/alloc.mk
include libfamfs/writer.mk
include libfamfs/layout.mk
dist_man_MANS += man/libfamfs.3
# Undo files and the crash-safe log rewrite.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/undo_internal.h \
	libfamfs/undo.c \
	libfamfs/undo_apply.c \
	libfamfs/rewrite_internal.h \
	libfamfs/rewrite.c \
	libfamfs/repair.c
famfsinclude_HEADERS += include/famfs/undo.h include/famfs/rewrite.h \
	include/famfs/repair.h
EXTRA_DIST += docs/undo-format.md

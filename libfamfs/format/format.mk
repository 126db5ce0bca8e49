# libfamfs/format: on-media codecs: superblock, log header, log entries, fmaps, paths.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/format/crc.h \
	libfamfs/format/fmap.c \
	libfamfs/format/fmap.h \
	libfamfs/format/log_entry.c \
	libfamfs/format/log_header.c \
	libfamfs/format/path.c \
	libfamfs/format/sb_internal.h \
	libfamfs/format/sb_secondary.c \
	libfamfs/format/superblock.c

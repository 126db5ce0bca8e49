# libfamfs/fs: an open file system: superblock and log, namespace, file data, device set.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/fs/devset.c \
	libfamfs/fs/devset_locate.c \
	libfamfs/fs/file_read.c \
	libfamfs/fs/filedata.c \
	libfamfs/fs/filedata.h \
	libfamfs/fs/fs.c \
	libfamfs/fs/fs_internal.h \
	libfamfs/fs/namespace.c \
	libfamfs/fs/ns_internal.h \
	libfamfs/fs/sb_read.c \
	libfamfs/fs/set_open.c \
	libfamfs/fs/sysuuid.c

# libfamfs/write: writing: the writer, appends, batches, mkfs, images, log rewrite, undo.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/write/append.c \
	libfamfs/write/batch.c \
	libfamfs/write/create.c \
	libfamfs/write/create_fd.c \
	libfamfs/write/devadd.c \
	libfamfs/write/image.c \
	libfamfs/write/mkfs.c \
	libfamfs/write/mkfs_internal.h \
	libfamfs/write/mkfs_set.c \
	libfamfs/write/place.c \
	libfamfs/write/repair.c \
	libfamfs/write/rewrite.c \
	libfamfs/write/rewrite_internal.h \
	libfamfs/write/undo.c \
	libfamfs/write/undo_apply.c \
	libfamfs/write/undo_internal.h \
	libfamfs/write/writer.c \
	libfamfs/write/writer_internal.h

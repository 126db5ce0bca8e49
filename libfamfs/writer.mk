# Offline writing: the writer, crash-safe appends, file data.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/writer_internal.h \
	libfamfs/writer.c \
	libfamfs/append.c \
	libfamfs/batch.c \
	libfamfs/filedata.h \
	libfamfs/filedata.c \
	libfamfs/create.c \
	libfamfs/file_read.c \
	libfamfs/create_fd.c
famfsinclude_HEADERS += include/famfs/writer.h

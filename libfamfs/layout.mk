# The backend-neutral layout and its encodings.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/layout.c \
	libfamfs/layout_encode.c \
	libfamfs/layout_decode.c
famfsinclude_HEADERS += include/famfs/layout.h
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/layout_target.c \
	libfamfs/layout_target.h \
	libfamfs/layout_iomap.c \
	libfamfs/layout_decode_target.c

# The backend-neutral layout and its encodings.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/layout.c \
	libfamfs/layout_encode.c \
	libfamfs/layout_decode.c
famfsinclude_HEADERS += include/famfs/layout.h

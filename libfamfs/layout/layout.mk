# libfamfs/layout: the backend-neutral layout and its encodings per kernel target.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/layout/layout.c \
	libfamfs/layout/layout_decode.c \
	libfamfs/layout/layout_decode_target.c \
	libfamfs/layout/layout_encode.c \
	libfamfs/layout/layout_iomap.c \
	libfamfs/layout/layout_target.c \
	libfamfs/layout/layout_target.h

# libfamfs/util: helpers: errors, memory, hashing, little-endian access.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/util/arena.c \
	libfamfs/util/arena.h \
	libfamfs/util/bigmem.c \
	libfamfs/util/bigmem.h \
	libfamfs/util/error.c \
	libfamfs/util/error_internal.h \
	libfamfs/util/le.h \
	libfamfs/util/siphash.c \
	libfamfs/util/siphash.h \
	libfamfs/util/uuid_text.h

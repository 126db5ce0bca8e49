# libfamfs/alloc: the allocation bitmap and the contiguous and striped allocators.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/alloc/alloc.c \
	libfamfs/alloc/alloc_devset.c \
	libfamfs/alloc/alloc_place.c \
	libfamfs/alloc/alloc_internal.h \
	libfamfs/alloc/alloc_stripe.c

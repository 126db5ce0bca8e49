# The allocation bitmap and the contiguous and striped allocators.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/alloc_internal.h \
	libfamfs/alloc.c \
	libfamfs/alloc_stripe.c
famfsinclude_HEADERS += include/famfs/alloc.h

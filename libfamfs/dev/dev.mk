# libfamfs/dev: device access: open, map, DAX, probing, device resolution.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/dev/bus_guard.c \
	libfamfs/dev/bus_guard.h \
	libfamfs/dev/dax.c \
	libfamfs/dev/daxmode.c \
	libfamfs/dev/daxmode.h \
	libfamfs/dev/dev_internal.h \
	libfamfs/dev/device.c \
	libfamfs/dev/probe.c \
	libfamfs/dev/probe_export.c \
	libfamfs/dev/resolve.c

# libfamfs/check: the offline check: findings, extents, the hosts' replay model.
libfamfs_libfamfs_internal_la_SOURCES += \
	libfamfs/check/check.c \
	libfamfs/check/check_extents.c \
	libfamfs/check/check_internal.h \
	libfamfs/check/check_replay.c \
	libfamfs/check/check_report.c

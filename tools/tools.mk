# Command-line tools: each parses options, calls libfamfs, prints.
noinst_LTLIBRARIES += tools/libtoolcommon.la
tools_libtoolcommon_la_SOURCES = tools/common.c tools/common.h tools/rejects.c tools/rejects.h \
	tools/daxmode_guard.c tools/daxmode_guard.h tools/members.c tools/members.h

TOOL_LDADD = tools/libtoolcommon.la libfamfs/libfamfs.la
TOOL_CFLAGS = $(AM_CFLAGS) $(UUID_CFLAGS)

sbin_PROGRAMS += tools/mkfs.famfs
tools_mkfs_famfs_SOURCES = tools/mkfs.famfs.c
tools_mkfs_famfs_CFLAGS = $(TOOL_CFLAGS)
tools_mkfs_famfs_LDADD = $(TOOL_LDADD) $(UUID_LIBS)
dist_man_MANS += man/mkfs.famfs.8

sbin_PROGRAMS += tools/fsck.famfs
tools_fsck_famfs_SOURCES = tools/fsck.famfs.c tools/fsck.h tools/fsck_text.c tools/fsck_repair.c \
	tools/fsck_progress.c tools/fsck_progress.h \
	tools/fsck_json.c tools/fsck_layout.c tools/json.c tools/json.h tools/fsck_members.c
tools_fsck_famfs_CFLAGS = $(TOOL_CFLAGS)
tools_fsck_famfs_LDADD = $(TOOL_LDADD) $(UUID_LIBS)
dist_man_MANS += man/fsck.famfs.8

bin_PROGRAMS += tools/famfs-cp
tools_famfs_cp_SOURCES = tools/famfs-cp.c tools/cp.h tools/cp_util.c tools/cp_in.c \
	tools/cp_place.c tools/cp_plan.c tools/cp_plan.h tools/cp_readers.c tools/cp_readers.h \
	tools/cp_out.c tools/cp_list.c tools/progress.c tools/progress.h \
	tools/safe_path.c tools/safe_path.h
tools_famfs_cp_CFLAGS = $(TOOL_CFLAGS) -pthread
tools_famfs_cp_LDFLAGS = -pthread
tools_famfs_cp_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/famfs-cp.1

bin_PROGRAMS += tools/famfs-layout
tools_famfs_layout_SOURCES = tools/famfs-layout.c tools/layout_print.h tools/layout_print.c \
	tools/layout_main.c tools/layout_decode_main.c tools/json.c tools/json.h
tools_famfs_layout_CFLAGS = $(TOOL_CFLAGS)
tools_famfs_layout_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/famfs-layout.1
dist_doc_DATA = docs/layout-encodings.md

sbin_PROGRAMS += tools/famfs-probe
tools_famfs_probe_SOURCES = tools/famfs-probe.c
tools_famfs_probe_CFLAGS = $(TOOL_CFLAGS)
tools_famfs_probe_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/famfs-probe.8

sbin_PROGRAMS += tools/famfs-devadd
tools_famfs_devadd_SOURCES = tools/famfs-devadd.c
tools_famfs_devadd_CFLAGS = $(TOOL_CFLAGS)
tools_famfs_devadd_LDADD = $(TOOL_LDADD) $(UUID_LIBS)
dist_man_MANS += man/famfs-devadd.8

bin_PROGRAMS += tools/famfs-rm
tools_famfs_rm_SOURCES = tools/famfs-rm.c
tools_famfs_rm_CFLAGS = $(TOOL_CFLAGS)
tools_famfs_rm_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/famfs-rm.1

sbin_PROGRAMS += tools/famfs-undo
tools_famfs_undo_SOURCES = tools/famfs-undo.c
tools_famfs_undo_CFLAGS = $(TOOL_CFLAGS)
tools_famfs_undo_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/famfs-undo.8

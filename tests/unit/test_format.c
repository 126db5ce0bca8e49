// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the on-media codecs: superblock, log header, log entries,
 * paths, errors. Golden CRCs were computed independently with Python's
 * zlib.crc32 over byte arrays built by hand from the format page; the
 * reference superblock is the first 200 bytes of a reference-made image
 * (tests/vectors/ref-a-64m-default.sxz).
 */
#include <errno.h>
#include <string.h>

#include <famfs/famfs.h>

#include "util/le.h"
#include "unit.h"

#define MiB (1ULL << 20)

static const uint8_t ref_a_sb[200] = {
	0xff, 0x82, 0xb2, 0x87, 0x00, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0xfc, 0x65, 0xfc, 0x13, 0x8d, 0xd6, 0x4f, 0xab, 0xb1, 0xfb, 0xb9, 0xf5,
	0x7e, 0xe2, 0xb0, 0x89, 0x72, 0x2b, 0x0c, 0x0b, 0x38, 0xb8, 0x4a, 0x9e,
	0x92, 0x0a, 0x7e, 0x08, 0xf3, 0x26, 0x6b, 0x9e, 0x0a, 0x1b, 0x2c, 0x3d,
	0x4e, 0x5f, 0x40, 0x61, 0x87, 0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d, 0x8e,
	0x8d, 0x69, 0x5d, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x61, 0x5f, 0x36, 0x34, 0x6d, 0x5f, 0x64, 0x65,
	0x66, 0x61, 0x75, 0x6c, 0x74, 0x2e, 0x69, 0x6d, 0x67,
};

/* ---- little-endian helpers ---- */

START_TEST(test_le_roundtrip)
{
	uint8_t b[8];

	put_le64(b, 0x0102030405060708ULL);
	ck_assert_uint_eq(b[0], 0x08);
	ck_assert_uint_eq(b[7], 0x01);
	ck_assert_uint_eq(get_le64(b), 0x0102030405060708ULL);
	put_le32(b, 0xdeadbeef);
	ck_assert_uint_eq(b[0], 0xef);
	ck_assert_uint_eq(b[3], 0xde);
	ck_assert_uint_eq(get_le32(b), 0xdeadbeef);
}
END_TEST

/* ---- superblock ---- */

static void sample_sb(struct famfs_superblock *sb)
{
	int i;

	memset(sb, 0, sizeof(*sb));
	sb->magic = FAMFS_SB_MAGIC;
	sb->version = FAMFS_SB_VERSION;
	sb->log_offset = FAMFS_LOG_OFFSET;
	sb->log_len = 8 * MiB;
	sb->alloc_unit = FAMFS_ALLOC_UNIT;
	sb->omf_major = FAMFS_OMF_MAJOR;
	sb->omf_minor = FAMFS_OMF_MINOR;
	for (i = 0; i < 16; i++) {
		sb->uuid[i] = 0x01 + i;
		sb->dev_uuid[i] = 0x11 + i;
		sb->system_uuid[i] = 0x21 + i;
	}
	sb->flags = FAMFS_SB_FLAG_PRIMARY;
	sb->dev_size = 1024 * MiB;
	strcpy(sb->dev_name, "/dev/dax0.0");
}

/* famfs_sb_init: the sample's fields, without its UUIDs, flags and name */
START_TEST(test_sb_init)
{
	struct famfs_superblock got, want;

	memset(&got, 0xa5, sizeof(got));
	famfs_sb_init(&got, 1024 * MiB, 8 * MiB);
	sample_sb(&want);
	memset(want.uuid, 0, sizeof(want.uuid));
	memset(want.dev_uuid, 0, sizeof(want.dev_uuid));
	memset(want.system_uuid, 0, sizeof(want.system_uuid));
	want.flags = 0;
	memset(want.dev_name, 0, sizeof(want.dev_name));
	ck_assert_mem_eq(&got, &want, sizeof(got));
	ck_assert_int_eq(famfs_sb_validate(&got, 1024 * MiB, NULL), -FAMFS_E_SB_CRC);
}
END_TEST

START_TEST(test_sb_encode_golden)
{
	struct famfs_superblock sb;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE + 8];

	sample_sb(&sb);
	memset(buf, 0xee, sizeof(buf));
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, sizeof(buf), NULL), 0);
	ck_assert_uint_eq(get_le64(buf + 0), 0x87b282ff);
	ck_assert_uint_eq(get_le64(buf + 8), 48);
	ck_assert_uint_eq(get_le64(buf + 16), 0x200000);
	ck_assert_uint_eq(get_le64(buf + 24), 8 * MiB);
	ck_assert_uint_eq(get_le64(buf + 32), 0x200000);
	ck_assert_uint_eq(get_le32(buf + 40), 2);
	ck_assert_uint_eq(get_le32(buf + 44), 2);
	ck_assert_uint_eq(buf[48], 0x01);
	ck_assert_uint_eq(buf[64], 0x11);
	ck_assert_uint_eq(buf[80], 0x21);
	ck_assert_uint_eq(buf[95], 0x30);
	/* Python: zlib.crc32 over bytes 0..95 of this superblock */
	ck_assert_uint_eq(get_le64(buf + 96), 0x281ea681);
	ck_assert_uint_eq(get_le32(buf + 104), 1);
	ck_assert_uint_eq(get_le32(buf + 108), 0);
	ck_assert_uint_eq(get_le64(buf + 112), 1024 * MiB);
	ck_assert_mem_eq(buf + 136, "/dev/dax0.0", 12);
	ck_assert_uint_eq(buf[199], 0);
	/* bytes past the encoded size are left alone */
	ck_assert_uint_eq(buf[200], 0xee);
}
END_TEST

START_TEST(test_sb_decode_reference_image)
{
	struct famfs_superblock sb;
	struct famfs_error err = { 0 };
	static const uint8_t sys_uuid[16] = {
		0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x40, 0x61,
		0x87, 0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d, 0x8e,
	};

	ck_assert_int_eq(famfs_sb_decode(ref_a_sb, sizeof(ref_a_sb), &sb, &err), 0);
	ck_assert_uint_eq(sb.magic, FAMFS_SB_MAGIC);
	ck_assert_uint_eq(sb.version, 48);
	ck_assert_uint_eq(sb.log_offset, 2 * MiB);
	ck_assert_uint_eq(sb.log_len, 8 * MiB);
	ck_assert_uint_eq(sb.alloc_unit, 2 * MiB);
	ck_assert_uint_eq(sb.omf_major, 2);
	ck_assert_uint_eq(sb.omf_minor, 2);
	ck_assert_mem_eq(sb.system_uuid, sys_uuid, 16);
	ck_assert_uint_eq(sb.crc, 0x0a5d698d);
	ck_assert_uint_eq(sb.flags, 0);
	ck_assert_uint_eq(sb.dev_size, 64 * MiB);
	ck_assert_str_eq(sb.dev_name, "a_64m_default.img");
	ck_assert_int_eq(famfs_sb_validate(&sb, 64 * MiB, &err), 0);
	ck_assert_uint_eq(famfs_sb_meta_size(&sb), 10 * MiB);
}
END_TEST

START_TEST(test_sb_roundtrip)
{
	struct famfs_superblock in, out;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];

	sample_sb(&in);
	ck_assert_int_eq(famfs_sb_encode(&in, buf, sizeof(buf), NULL), 0);
	ck_assert_int_eq(famfs_sb_decode(buf, sizeof(buf), &out, NULL), 0);
	ck_assert_uint_eq(out.crc, famfs_sb_crc(buf, sizeof(buf)));
	in.crc = out.crc;
	ck_assert_mem_eq(&in, &out, sizeof(in));
	ck_assert_int_eq(famfs_sb_validate(&out, 1024 * MiB, NULL), 0);
}
END_TEST

START_TEST(test_sb_short_buffers)
{
	struct famfs_superblock sb;
	struct famfs_error err = { 0 };
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];

	sample_sb(&sb);
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, 199, &err), -FAMFS_E_SHORT_BUFFER);
	ck_assert_int_eq(err.code, -FAMFS_E_SHORT_BUFFER);
	ck_assert_int_eq(famfs_sb_decode(buf, 199, &sb, NULL), -FAMFS_E_SHORT_BUFFER);
	ck_assert_uint_eq(famfs_sb_crc(buf, 95), 0);
}
END_TEST

START_TEST(test_sb_encode_rejects_long_name)
{
	struct famfs_superblock sb;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];

	sample_sb(&sb);
	memset(sb.dev_name, 'x', FAMFS_DEVNAME_LEN);
	sb.dev_name[FAMFS_DEVNAME_LEN] = '\0';
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, sizeof(buf), NULL), -FAMFS_E_SB_DEVNAME);
	sb.dev_name[FAMFS_DEVNAME_LEN - 1] = '\0';
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, sizeof(buf), NULL), 0);
}
END_TEST

/* Encode sb after a change, decode it again, and validate the result. */
static int validate_changed(struct famfs_superblock *sb, uint64_t devsize,
			    struct famfs_error *err)
{
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	struct famfs_superblock out;

	ck_assert_int_eq(famfs_sb_encode(sb, buf, sizeof(buf), NULL), 0);
	ck_assert_int_eq(famfs_sb_decode(buf, sizeof(buf), &out, NULL), 0);
	return famfs_sb_validate(&out, devsize, err);
}

/* Each field change leads to exactly its own error code. */
START_TEST(test_sb_validate_rejections)
{
	struct famfs_superblock sb;
	struct famfs_error err = { 0 };

	sample_sb(&sb); sb.magic = 0;
	ck_assert_int_eq(validate_changed(&sb, 0, &err), -FAMFS_E_SB_KILLED);
	ck_assert_ptr_nonnull(strstr(err.msg, "killed"));
	sample_sb(&sb); sb.magic = 0x1234;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_MAGIC);
	sample_sb(&sb); sb.version = 47;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_VERSION);
	sample_sb(&sb); sb.omf_major = 3;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_OMF_MAJOR);
	sample_sb(&sb); sb.omf_minor = 3;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_OMF_MINOR);
	sample_sb(&sb); sb.omf_minor = 1;	/* older minor: accepted */
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), 0);
	sample_sb(&sb); sb.log_offset = 4 * MiB;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_LOG_OFFSET);
	sample_sb(&sb); sb.log_len = 12 * MiB;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_LOG_LEN);
	sample_sb(&sb); sb.log_len = 4 * MiB;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_LOG_LEN);
	sample_sb(&sb); sb.log_len = 0;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_LOG_LEN);
	sample_sb(&sb); sb.alloc_unit = 4096;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_ALLOC_UNIT);
	sample_sb(&sb); sb.dev_size = 8 * MiB;
	ck_assert_int_eq(validate_changed(&sb, 0, NULL), -FAMFS_E_SB_DEV_SIZE);
	sample_sb(&sb);
	ck_assert_int_eq(validate_changed(&sb, 512 * MiB, &err), -FAMFS_E_SB_DEV_SIZE);
	ck_assert_ptr_nonnull(strstr(err.msg, "larger than the device"));
	sample_sb(&sb);	/* a device larger than recorded is fine */
	ck_assert_int_eq(validate_changed(&sb, 2048 * MiB, NULL), 0);
}
END_TEST

START_TEST(test_sb_validate_crc_and_name)
{
	struct famfs_superblock sb;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];

	memcpy(buf, ref_a_sb, sizeof(buf));
	buf[50] ^= 0x01;	/* a UUID byte: covered by the CRC */
	ck_assert_int_eq(famfs_sb_decode(buf, sizeof(buf), &sb, NULL), 0);
	ck_assert_int_eq(famfs_sb_validate(&sb, 0, NULL), -FAMFS_E_SB_CRC);

	memcpy(buf, ref_a_sb, sizeof(buf));
	buf[120] ^= 0x01;	/* daxdev uuid: not covered */
	memset(buf + 136, 'n', FAMFS_DEVNAME_LEN);	/* no NUL */
	ck_assert_int_eq(famfs_sb_decode(buf, sizeof(buf), &sb, NULL), 0);
	ck_assert_uint_eq(strlen(sb.dev_name), FAMFS_DEVNAME_LEN);
	ck_assert_int_eq(famfs_sb_validate(&sb, 0, NULL), -FAMFS_E_SB_DEVNAME);
}
END_TEST

/* ---- log header ---- */

START_TEST(test_log_slots)
{
	ck_assert_uint_eq(famfs_log_slots(8 * MiB), 15420);
	ck_assert_uint_eq(famfs_log_slots(16 * MiB), 30840);
	ck_assert_uint_eq(famfs_log_slots(48 + 543), 0);
	ck_assert_uint_eq(famfs_log_slots(48 + 544), 1);
	ck_assert_uint_eq(famfs_log_slots(0), 0);
	ck_assert_uint_eq(famfs_log_slot_offset(0), 48);
	ck_assert_uint_eq(famfs_log_slot_offset(2), 48 + 2 * 544);
}
END_TEST

START_TEST(test_log_header_golden)
{
	struct famfs_log_header h, out;
	uint8_t buf[FAMFS_LOG_HEADER_SIZE];

	famfs_log_header_init(&h, 8 * MiB);
	ck_assert_uint_eq(h.last_index, 15419);
	/* CRC read off the reference image ref-a (and Python's zlib) */
	ck_assert_uint_eq(h.crc, 0xa5875078);
	h.next_seqnum = 7;
	h.next_index = 3;
	ck_assert_int_eq(famfs_log_header_encode(&h, buf, sizeof(buf), NULL), 0);
	ck_assert_uint_eq(get_le64(buf + 0), 0x0badcafef00dULL);
	ck_assert_uint_eq(get_le64(buf + 8), 8 * MiB);
	ck_assert_uint_eq(get_le64(buf + 16), 15419);
	ck_assert_uint_eq(get_le64(buf + 24), 0xa5875078);
	ck_assert_uint_eq(get_le64(buf + 32), 7);
	ck_assert_uint_eq(get_le64(buf + 40), 3);
	ck_assert_int_eq(famfs_log_header_decode(buf, sizeof(buf), &out, NULL), 0);
	ck_assert_mem_eq(&h, &out, sizeof(h));
	ck_assert_int_eq(famfs_log_header_validate(&out, 8 * MiB, NULL), 0);

	famfs_log_header_init(&h, 16 * MiB);
	ck_assert_uint_eq(h.last_index, 30839);
	ck_assert_uint_eq(h.crc, 0x3514e0d7);	/* from reference image ref-b */
}
END_TEST

START_TEST(test_log_header_rejections)
{
	struct famfs_log_header h;
	struct famfs_error err = { 0 };
	uint8_t buf[FAMFS_LOG_HEADER_SIZE];

	famfs_log_header_init(&h, 8 * MiB);
	ck_assert_int_eq(famfs_log_header_encode(&h, buf, 47, NULL), -FAMFS_E_SHORT_BUFFER);
	ck_assert_int_eq(famfs_log_header_decode(buf, 47, &h, NULL), -FAMFS_E_SHORT_BUFFER);

	famfs_log_header_init(&h, 8 * MiB);
	h.magic = 0;
	ck_assert_int_eq(famfs_log_header_validate(&h, 8 * MiB, NULL), -FAMFS_E_LOG_MAGIC);

	famfs_log_header_init(&h, 8 * MiB);
	h.crc ^= 1;
	ck_assert_int_eq(famfs_log_header_validate(&h, 8 * MiB, NULL), -FAMFS_E_LOG_CRC);

	famfs_log_header_init(&h, 8 * MiB);
	ck_assert_int_eq(famfs_log_header_validate(&h, 16 * MiB, &err), -FAMFS_E_LOG_LEN);
	ck_assert_ptr_nonnull(strstr(err.msg, "superblock says 16777216"));

	/* a header whose CRC is right but whose last_index lies */
	famfs_log_header_init(&h, 8 * MiB);
	h.last_index = 99999;
	h.crc = famfs_log_header_crc(&h);
	ck_assert_int_eq(famfs_log_header_validate(&h, 8 * MiB, NULL), -FAMFS_E_LOG_LAST_INDEX);

	famfs_log_header_init(&h, 8 * MiB);
	h.next_index = 15420;	/* full log: fine */
	ck_assert_int_eq(famfs_log_header_validate(&h, 8 * MiB, NULL), 0);
	h.next_index = 15421;
	ck_assert_int_eq(famfs_log_header_validate(&h, 8 * MiB, NULL), -FAMFS_E_LOG_NEXT_INDEX);
	h.next_index = UINT64_MAX;
	ck_assert_int_eq(famfs_log_header_validate(&h, 8 * MiB, NULL), -FAMFS_E_LOG_NEXT_INDEX);
}
END_TEST

/* ---- log entries ---- */

static void sample_file(struct famfs_log_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->seqnum = 5;
	e->type = FAMFS_LOG_FILE;
	e->u.file.size = 3 * MiB;
	e->u.file.flags = FAMFS_FILE_FLAG_ALL_RW;
	e->u.file.uid = 1000;
	e->u.file.gid = 1001;
	e->u.file.mode = 0100644;
	strcpy(e->u.file.path, "dir/file");
	e->u.file.fmap.ext_type = FAMFS_EXT_SIMPLE;
	e->u.file.fmap.count = 1;
	e->u.file.fmap.ext[0].offset = 10 * MiB;
	e->u.file.fmap.ext[0].len = 4 * MiB;
}

static void sample_striped(struct famfs_log_entry *e)
{
	struct famfs_fmap *fm = &e->u.file.fmap;
	int k;

	memset(e, 0, sizeof(*e));
	e->seqnum = 7;
	e->type = FAMFS_LOG_FILE;
	e->u.file.size = 20 * MiB;
	e->u.file.flags = FAMFS_FILE_FLAG_ALL_RO;
	e->u.file.mode = 0100600;
	strcpy(e->u.file.path, "s");
	fm->ext_type = FAMFS_EXT_INTERLEAVE;
	fm->count = 1;
	fm->nstrips = 4;
	fm->chunk_size = 2 * MiB;
	for (k = 0; k < 4; k++) {
		fm->strips[k].offset = 512 * MiB * (k + 1);
		fm->strips[k].len = 6 * MiB;
	}
}

static void encode_ok(const struct famfs_log_entry *e, uint8_t *slot)
{
	memset(slot, 0x5a, FAMFS_LOG_ENTRY_SIZE);	/* encode must zero it */
	ck_assert_int_eq(famfs_log_entry_encode(e, slot, FAMFS_LOG_ENTRY_SIZE, NULL), 0);
}

START_TEST(test_entry_file_golden)
{
	struct famfs_log_entry e, out;
	uint8_t s[FAMFS_LOG_ENTRY_SIZE];

	sample_file(&e);
	encode_ok(&e, s);
	ck_assert_uint_eq(get_le64(s + 0), 5);
	ck_assert_uint_eq(get_le32(s + 8), 0);
	ck_assert_uint_eq(get_le32(s + 12), 0);			/* padding */
	ck_assert_uint_eq(get_le64(s + 16), 3 * MiB);		/* size */
	ck_assert_uint_eq(get_le32(s + 24), 2);			/* flags */
	ck_assert_uint_eq(get_le32(s + 28), 1000);		/* uid */
	ck_assert_uint_eq(get_le32(s + 32), 1001);		/* gid */
	ck_assert_uint_eq(get_le32(s + 36), 0100644);		/* mode */
	ck_assert_mem_eq(s + 40, "dir/file\0", 9);		/* path */
	ck_assert_uint_eq(get_le32(s + 120), 0);		/* ext type */
	ck_assert_uint_eq(get_le32(s + 128), 1);		/* count */
	ck_assert_uint_eq(get_le64(s + 136), 0);		/* dev index */
	ck_assert_uint_eq(get_le64(s + 144), 10 * MiB);		/* offset */
	ck_assert_uint_eq(get_le64(s + 152), 4 * MiB);		/* len */
	ck_assert_uint_eq(get_le64(s + 536), 0x90b556bf);	/* Python zlib */
	ck_assert_int_eq(famfs_log_entry_decode(s, sizeof(s), &out, NULL), 0);
	e.crc = out.crc;
	ck_assert_mem_eq(&e, &out, sizeof(e));
}
END_TEST

START_TEST(test_entry_striped_golden)
{
	struct famfs_log_entry e, out;
	uint8_t s[FAMFS_LOG_ENTRY_SIZE];

	sample_striped(&e);
	encode_ok(&e, s);
	ck_assert_uint_eq(get_le32(s + 120), 1);		/* interleaved */
	ck_assert_uint_eq(get_le32(s + 128), 1);		/* one ie */
	ck_assert_uint_eq(get_le64(s + 136), 4);		/* nstrips */
	ck_assert_uint_eq(get_le64(s + 144), 2 * MiB);		/* chunk */
	ck_assert_uint_eq(get_le64(s + 152 + 8), 512 * MiB);	/* strip 0 */
	ck_assert_uint_eq(get_le64(s + 152 + 3 * 24 + 8), 2048 * MiB);
	ck_assert_uint_eq(get_le64(s + 152 + 3 * 24 + 16), 6 * MiB);
	ck_assert_uint_eq(get_le64(s + 536), 0xeb7b5ae4);	/* Python zlib */
	ck_assert_int_eq(famfs_log_entry_decode(s, sizeof(s), &out, NULL), 0);
	e.crc = out.crc;
	ck_assert_mem_eq(&e, &out, sizeof(e));
}
END_TEST

START_TEST(test_entry_mkdir_daxdev_golden)
{
	struct famfs_log_entry e, out;
	uint8_t s[FAMFS_LOG_ENTRY_SIZE];

	memset(&e, 0, sizeof(e));
	e.seqnum = 1;
	e.type = FAMFS_LOG_MKDIR;
	e.u.mkdir.mode = 040755;
	strcpy(e.u.mkdir.path, "dir");
	encode_ok(&e, s);
	ck_assert_uint_eq(get_le32(s + 24), 040755);
	ck_assert_mem_eq(s + 28, "dir\0", 4);
	ck_assert_uint_eq(get_le64(s + 536), 0x78dfb978);	/* Python zlib */
	ck_assert_int_eq(famfs_log_entry_decode(s, sizeof(s), &out, NULL), 0);
	e.crc = out.crc;
	ck_assert_mem_eq(&e, &out, sizeof(e));

	memset(&e, 0, sizeof(e));
	e.seqnum = 9;
	e.type = FAMFS_LOG_ADD_DAXDEV;
	e.u.daxdev.size = 4096 * MiB;
	memset(e.u.daxdev.uuid, 0xaa, 16);
	e.u.daxdev.index = 1;
	encode_ok(&e, s);
	ck_assert_uint_eq(get_le64(s + 16), 4096 * MiB);
	ck_assert_uint_eq(s[24], 0xaa);
	ck_assert_uint_eq(get_le32(s + 40), 1);
	ck_assert_uint_eq(get_le64(s + 536), 0x9087d25d);	/* Python zlib */
	ck_assert_int_eq(famfs_log_entry_decode(s, sizeof(s), &out, NULL), 0);
	e.crc = out.crc;
	ck_assert_mem_eq(&e, &out, sizeof(e));
}
END_TEST

/* Patch a slot and fix its CRC, so decode reaches the check after the CRC. */
static void patch32(uint8_t *s, size_t off, uint32_t v)
{
	put_le32(s + off, v);
	put_le64(s + 536, famfs_log_entry_crc(s, FAMFS_LOG_ENTRY_SIZE));
}

static void patch64(uint8_t *s, size_t off, uint64_t v)
{
	put_le64(s + off, v);
	put_le64(s + 536, famfs_log_entry_crc(s, FAMFS_LOG_ENTRY_SIZE));
}

static int decode_rc(const uint8_t *s)
{
	struct famfs_log_entry out;

	return famfs_log_entry_decode(s, FAMFS_LOG_ENTRY_SIZE, &out, NULL);
}

START_TEST(test_entry_decode_rejections)
{
	struct famfs_log_entry e;
	struct famfs_error err = { 0 };
	uint8_t s[FAMFS_LOG_ENTRY_SIZE], t[FAMFS_LOG_ENTRY_SIZE];

	sample_file(&e);
	encode_ok(&e, s);
	ck_assert_int_eq(famfs_log_entry_decode(s, 543, &e, NULL), -FAMFS_E_SHORT_BUFFER);

	memcpy(t, s, sizeof(t)); t[12] ^= 1;	/* padding is covered too */
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_CRC);
	memcpy(t, s, sizeof(t)); t[536] ^= 1;
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_CRC);

	memcpy(t, s, sizeof(t)); patch32(t, 8, 2);	/* delete: reserved */
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_TYPE);
	memcpy(t, s, sizeof(t)); patch32(t, 8, 77);
	ck_assert_int_eq(famfs_log_entry_decode(t, sizeof(t), &e, &err), -FAMFS_E_ENTRY_TYPE);
	ck_assert_ptr_nonnull(strstr(err.msg, "77"));

	memcpy(t, s, sizeof(t));
	memset(t + 40, 'p', FAMFS_PATH_MAX);	/* path with no NUL */
	patch32(t, 8, 0);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_PATH);

	memcpy(t, s, sizeof(t)); patch32(t, 120, 2);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_EXT_TYPE);
	memcpy(t, s, sizeof(t)); patch32(t, 128, 17);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_EXT_COUNT);
	memcpy(t, s, sizeof(t)); patch32(t, 128, 0xffffffff);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_EXT_COUNT);
	memcpy(t, s, sizeof(t)); patch32(t, 128, 16);	/* limit itself: fine */
	ck_assert_int_eq(decode_rc(t), 0);

	sample_striped(&e);
	encode_ok(&e, s);
	memcpy(t, s, sizeof(t)); patch32(t, 128, 2);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_EXT_COUNT);
	memcpy(t, s, sizeof(t)); patch64(t, 136, 0);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_NSTRIPS);
	memcpy(t, s, sizeof(t)); patch64(t, 136, 17);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_NSTRIPS);
	memcpy(t, s, sizeof(t)); patch64(t, 144, 0);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_CHUNK);
	memcpy(t, s, sizeof(t)); patch64(t, 144, 6 * MiB);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_CHUNK);
	memcpy(t, s, sizeof(t)); patch64(t, 144, 1 * MiB);
	ck_assert_int_eq(decode_rc(t), -FAMFS_E_ENTRY_CHUNK);

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	strcpy(e.u.mkdir.path, "d");
	encode_ok(&e, s);
	memset(s + 28, 'q', FAMFS_PATH_MAX);
	patch32(s, 8, 1);
	ck_assert_int_eq(decode_rc(s), -FAMFS_E_ENTRY_PATH);
}
END_TEST

START_TEST(test_entry_encode_rejections)
{
	struct famfs_log_entry e;
	uint8_t s[FAMFS_LOG_ENTRY_SIZE];

	sample_file(&e);
	ck_assert_int_eq(famfs_log_entry_encode(&e, s, 100, NULL), -FAMFS_E_SHORT_BUFFER);
	e.type = FAMFS_LOG_DELETE;
	ck_assert_int_eq(famfs_log_entry_encode(&e, s, sizeof(s), NULL), -FAMFS_E_ENTRY_TYPE);
	sample_file(&e);
	memset(e.u.file.path, 'a', FAMFS_PATH_MAX);
	ck_assert_int_eq(famfs_log_entry_encode(&e, s, sizeof(s), NULL), -FAMFS_E_ENTRY_PATH);
	sample_file(&e);
	e.u.file.fmap.count = 17;
	ck_assert_int_eq(famfs_log_entry_encode(&e, s, sizeof(s), NULL), -FAMFS_E_ENTRY_EXT_COUNT);
	sample_striped(&e);
	e.u.file.fmap.nstrips = 17;
	ck_assert_int_eq(famfs_log_entry_encode(&e, s, sizeof(s), NULL), -FAMFS_E_ENTRY_NSTRIPS);
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	memset(e.u.mkdir.path, 'a', FAMFS_PATH_MAX);
	ck_assert_int_eq(famfs_log_entry_encode(&e, s, sizeof(s), NULL), -FAMFS_E_ENTRY_PATH);
}
END_TEST

START_TEST(test_slot_is_zero)
{
	uint8_t s[FAMFS_LOG_ENTRY_SIZE] = { 0 };

	ck_assert_int_eq(famfs_log_slot_is_zero(s, sizeof(s)), 1);
	s[543] = 1;
	ck_assert_int_eq(famfs_log_slot_is_zero(s, sizeof(s)), 0);
	s[543] = 0;
	s[0] = 1;
	ck_assert_int_eq(famfs_log_slot_is_zero(s, sizeof(s)), 0);
}
END_TEST

/* ---- paths ---- */

START_TEST(test_path_validate)
{
	static const char *const good[] = { "a", "a/b", "dir/sub/file.txt", "..a", "a..", ".x/y" };
	static const char *const bad[] = { "", "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "../a", "a/.." };
	char longp[FAMFS_PATH_MAX + 1];
	struct famfs_error err = { 0 };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(famfs_path_validate(good[i], NULL) == 0, "rejected '%s'", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(famfs_path_validate(bad[i], NULL) == -FAMFS_E_ENTRY_PATH,
			      "accepted '%s'", bad[i]);
	memset(longp, 'x', sizeof(longp));
	longp[FAMFS_PATH_MAX - 1] = '\0';	/* 79 characters: the limit */
	ck_assert_int_eq(famfs_path_validate(longp, NULL), 0);
	longp[FAMFS_PATH_MAX - 1] = 'x';
	longp[FAMFS_PATH_MAX] = '\0';		/* 80 characters */
	ck_assert_int_eq(famfs_path_validate(longp, &err), -FAMFS_E_ENTRY_PATH);
	ck_assert_ptr_nonnull(strstr(err.msg, "longer than 79"));
	ck_assert_int_eq(famfs_path_validate("a/../b", &err), -FAMFS_E_ENTRY_PATH);
	ck_assert_ptr_nonnull(strstr(err.msg, "'..'"));
}
END_TEST

/* ---- errors ---- */

START_TEST(test_errors)
{
	struct famfs_error err = { 0 };
	int code;

	for (code = FAMFS_E_FIRST; code < FAMFS_E_LAST; code++) {
		ck_assert_ptr_nonnull(famfs_strerror(-code));
		ck_assert_int_gt(strlen(famfs_strerror(-code)), 5);
	}
	ck_assert_str_eq(famfs_strerror(-FAMFS_E_SB_CRC), "superblock CRC mismatch");
	ck_assert_str_eq(famfs_strerror(-ENOENT), strerror(ENOENT));
	ck_assert_str_eq(famfs_strerror(0), "success");
	ck_assert_int_eq(famfs_error_set(&err, -EIO, "read %s at %d", "dev", 7), -EIO);
	ck_assert_int_eq(err.code, -EIO);
	ck_assert_str_eq(err.msg, "read dev at 7");
	ck_assert_int_eq(famfs_error_set(NULL, -EINVAL, "x"), -EINVAL);
}
END_TEST

static Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("codecs");

	tcase_add_test(tc, test_le_roundtrip);
	tcase_add_test(tc, test_sb_init);
	tcase_add_test(tc, test_sb_encode_golden);
	tcase_add_test(tc, test_sb_decode_reference_image);
	tcase_add_test(tc, test_sb_roundtrip);
	tcase_add_test(tc, test_sb_short_buffers);
	tcase_add_test(tc, test_sb_encode_rejects_long_name);
	tcase_add_test(tc, test_sb_validate_rejections);
	tcase_add_test(tc, test_sb_validate_crc_and_name);
	tcase_add_test(tc, test_log_slots);
	tcase_add_test(tc, test_log_header_golden);
	tcase_add_test(tc, test_log_header_rejections);
	tcase_add_test(tc, test_entry_file_golden);
	tcase_add_test(tc, test_entry_striped_golden);
	tcase_add_test(tc, test_entry_mkdir_daxdev_golden);
	tcase_add_test(tc, test_entry_decode_rejections);
	tcase_add_test(tc, test_entry_encode_rejections);
	tcase_add_test(tc, test_slot_is_zero);
	tcase_add_test(tc, test_path_validate);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(format_suite());
}

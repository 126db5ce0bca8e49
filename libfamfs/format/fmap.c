// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The fmap of a file entry (416 bytes): extent type, count, then either up
 * to 16 simple extents or one interleaved extent of up to 16 strips.
 */
#include <string.h>

#include "format/fmap.h"
#include "util/le.h"

#define FM_OFF_TYPE		0
#define FM_OFF_COUNT		8
#define FM_OFF_BODY		16
#define EXT_SIZE		24	/* dev_index, offset, len */
#define IE_OFF_NSTRIPS		0
#define IE_OFF_CHUNK		8
#define IE_OFF_STRIPS		16

static void extent_encode(const struct famfs_extent *e, uint8_t *p)
{
	put_le64(p, e->dev_index);
	put_le64(p + 8, e->offset);
	put_le64(p + 16, e->len);
}

static void extent_decode(const uint8_t *p, struct famfs_extent *e)
{
	e->dev_index = get_le64(p);
	e->offset = get_le64(p + 8);
	e->len = get_le64(p + 16);
}

int fmap_check_limits(const struct famfs_fmap *fm, struct famfs_error *err)
{
	switch (fm->ext_type) {
	case FAMFS_EXT_SIMPLE:
		if (fm->count > FAMFS_MAX_EXTENTS)
			return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_COUNT,
					       "%u simple extents, at most %d allowed",
					       fm->count, FAMFS_MAX_EXTENTS);
		return 0;
	case FAMFS_EXT_INTERLEAVE:
		if (fm->count != 1)
			return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_COUNT,
					       "%u interleaved extents, exactly 1 allowed",
					       fm->count);
		if (fm->nstrips == 0 || fm->nstrips > FAMFS_MAX_STRIPS)
			return famfs_error_set(err, -FAMFS_E_ENTRY_NSTRIPS,
					       "%llu strips, 1 to %d allowed",
					       (unsigned long long)fm->nstrips,
					       FAMFS_MAX_STRIPS);
		if (fm->chunk_size == 0 || (fm->chunk_size & (fm->chunk_size - 1)) ||
		    fm->chunk_size % FAMFS_ALLOC_UNIT)
			return famfs_error_set(err, -FAMFS_E_ENTRY_CHUNK,
					       "chunk size %llu is not a power of two multiple of %llu",
					       (unsigned long long)fm->chunk_size,
					       (unsigned long long)FAMFS_ALLOC_UNIT);
		return 0;
	default:
		return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_TYPE,
				       "extent type %u is unknown", fm->ext_type);
	}
}

void fmap_encode(const struct famfs_fmap *fm, uint8_t *p)
{
	uint8_t *body = p + FM_OFF_BODY;
	uint32_t i;

	put_le32(p + FM_OFF_TYPE, fm->ext_type);
	put_le32(p + FM_OFF_COUNT, fm->count);
	if (fm->ext_type == FAMFS_EXT_SIMPLE) {
		for (i = 0; i < fm->count && i < FAMFS_MAX_EXTENTS; i++)
			extent_encode(&fm->ext[i], body + i * EXT_SIZE);
		return;
	}
	put_le64(body + IE_OFF_NSTRIPS, fm->nstrips);
	put_le64(body + IE_OFF_CHUNK, fm->chunk_size);
	for (i = 0; i < fm->nstrips && i < FAMFS_MAX_STRIPS; i++)
		extent_encode(&fm->strips[i], body + IE_OFF_STRIPS + i * EXT_SIZE);
}

int fmap_decode(const uint8_t *p, struct famfs_fmap *fm, struct famfs_error *err)
{
	const uint8_t *body = p + FM_OFF_BODY;
	uint32_t i;
	int rc;

	memset(fm, 0, sizeof(*fm));
	fm->ext_type = get_le32(p + FM_OFF_TYPE);
	fm->count = get_le32(p + FM_OFF_COUNT);
	if (fm->ext_type == FAMFS_EXT_INTERLEAVE) {
		fm->nstrips = get_le64(body + IE_OFF_NSTRIPS);
		fm->chunk_size = get_le64(body + IE_OFF_CHUNK);
	}
	/* limits first: the counts become loop bounds below */
	rc = fmap_check_limits(fm, err);
	if (rc)
		return rc;
	if (fm->ext_type == FAMFS_EXT_SIMPLE) {
		for (i = 0; i < fm->count; i++)
			extent_decode(body + i * EXT_SIZE, &fm->ext[i]);
		return 0;
	}
	for (i = 0; i < fm->nstrips; i++)
		extent_decode(body + IE_OFF_STRIPS + i * EXT_SIZE, &fm->strips[i]);
	return 0;
}

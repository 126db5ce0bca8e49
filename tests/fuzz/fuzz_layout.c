// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: layouts. The input is read twice:
 *  - as a FUSE GET_FMAP message: decode must refuse it or give a valid
 *    layout that encodes back to the same bytes;
 *  - as raw layout fields (after the first byte): whatever validates must
 *    translate every probed offset to a strip byte that maps back to it,
 *    and encode (or be refused) in every encoding without overrunning.
 */
#include <string.h>

#include <famfs/famfs.h>

#include "fuzz.h"

static uint64_t take(const uint8_t **p, size_t *left, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && *left; i++, (*p)++, (*left)--)
		v |= (uint64_t)**p << (8 * i);
	return v;
}

static void check_fuse(const uint8_t *data, size_t size)
{
	const struct famfs_layout_target *t;
	struct famfs_layout l;
	uint8_t buf[32768];
	unsigned int i;
	size_t n;

	/* the generic decoder: kmod-kabi44 takes every device index */
	t = famfs_layout_target_find("kmod-kabi44");
	if (famfs_layout_decode_fuse(&l, data, size, NULL) == 0 &&
	    famfs_layout_encode_target(&l, FAMFS_ENC_FUSE_FMAP, t, 0, buf, sizeof(buf), &n,
				       NULL) == 0 && n != size)
		FUZZ_FAIL("a GET_FMAP message re-encodes to another length");
	/* what a target's decoder takes is exactly what the encoder writes for it */
	for (i = 0; (t = famfs_layout_target_get(i)); i++) {
		if (!famfs_layout_target_takes(t, FAMFS_ENC_FUSE_FMAP) ||
		    famfs_layout_decode_fuse_target(&l, data, size, t, NULL))
			continue;
		if (famfs_layout_encode_target(&l, FAMFS_ENC_FUSE_FMAP, t, 0, buf, sizeof(buf), &n,
					       NULL))
			FUZZ_FAIL("a message a target's decoder takes does not encode for it");
		if (n != size || memcmp(buf, data, n))
			FUZZ_FAIL("a message a target's decoder takes encodes to other bytes");
	}
}

/* Build a layout from raw fields: small numbers scaled to valid-ish values. */
static void check_raw(const uint8_t *p, size_t left)
{
	struct famfs_layout l;
	struct famfs_layout_loc loc;
	uint8_t buf[16384];
	uint32_t s, k;
	size_t n;
	int e, i;

	memset(&l, 0, sizeof(l));
	l.nsegs = (uint32_t)take(&p, &left, 1) % 18;
	for (s = 0; s < l.nsegs && s < FAMFS_LAYOUT_MAX_SEGS; s++) {
		struct famfs_layout_seg *g = &l.seg[s];

		g->kind = (uint32_t)take(&p, &left, 1) % 3;
		g->nstrips = (uint32_t)take(&p, &left, 1) % 18;
		g->chunk_size = take(&p, &left, 1) << 20;
		g->strip_len = take(&p, &left, 1) << 21;
		for (k = 0; k < g->nstrips && k < FAMFS_LAYOUT_MAX_STRIPS; k++) {
			g->strip[k].dev = take(&p, &left, 1) % 3;
			g->strip[k].offset = take(&p, &left, 2) << 21;
		}
	}
	l.size = take(&p, &left, 5);
	if (famfs_layout_validate(&l, NULL))
		return;
	for (i = 0; i < 16 && l.size; i++) {
		uint64_t off = take(&p, &left, 5) % l.size, back = UINT64_MAX;

		if (famfs_layout_translate(&l, off, &loc, NULL))
			FUZZ_FAIL("an offset inside the file does not translate");
		if (loc.contig == 0 || famfs_layout_reverse(&l, loc.dev, loc.offset, &back, NULL) ||
		    back != off)
			FUZZ_FAIL("translate and reverse disagree");
	}
	for (e = FAMFS_ENC_IOCTL_V1; e <= FAMFS_ENC_FUSE_IOMAP; e++) {
		/* only fuse-iomap can be empty: an empty file has no mapping records */
		if (famfs_layout_encode(&l, (enum famfs_layout_encoding)e, 0, buf, sizeof(buf), &n,
					NULL) == 0 && (n > sizeof(buf) ||
					       (n == 0 && !(e == FAMFS_ENC_FUSE_IOMAP && !l.size))))
			FUZZ_FAIL("an encoding claims an impossible length");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_fuse(data, size);
	if (size)
		check_raw(data + 1, size - 1);
	return 0;
}

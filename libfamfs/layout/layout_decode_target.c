// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A GET_FMAP message (or KABI 44 MAP_CREATE payload) read back for one
 * kernel target: taken only if that target takes it and it is exactly
 * what the encoder writes for that target, so that a layout read here is
 * one the kernel would map the same way.
 */
#include <errno.h>
#include <string.h>

#include <famfs/layout.h>

#include "layout/layout_target.h"
#include "util/le.h"

#define HDR	32
#define IEXT	24
#define SIMPLE	24
/* the longest message a layout the model holds can give */
#define MAX_MSG	(HDR + FAMFS_LAYOUT_MAX_SEGS * (IEXT + FAMFS_LAYOUT_MAX_STRIPS * SIMPLE))

/* An interleaved extent of 0 bytes, which the FUSE series refuses. */
static int zero_group(const uint8_t *p, size_t len, uint32_t *which)
{
	size_t at = HDR;
	uint32_t i, n = get_le32(p + 8);

	if (get_le32(p + 4) != 1)
		return 0;
	for (i = 0; i < n && len - at >= IEXT; i++) {
		uint32_t nstrips = get_le32(p + at);

		if (get_le64(p + at + 8) == 0) {
			*which = i;
			return 1;
		}
		if ((len - at - IEXT) / SIMPLE < nstrips)
			return 0;	/* the decoder names the truncation */
		at += IEXT + (size_t)nstrips * SIMPLE;
	}
	return 0;
}

int famfs_layout_decode_fuse_target(struct famfs_layout *l, const void *buf, size_t len,
				    const struct famfs_layout_target *t,
				    struct famfs_error *err)
{
	const uint8_t *p = buf;
	uint8_t canon[MAX_MSG];
	uint32_t which;
	size_t n, i;
	int rc;

	memset(l, 0, sizeof(*l));
	if (!t || !famfs_layout_target_takes(t, FAMFS_ENC_FUSE_FMAP))
		return famfs_error_set(err, -EINVAL, "target %s does not take fuse-fmap messages",
				       t ? famfs_layout_target_name(t) : "(none)");
	if (t->max_msg && len > t->max_msg)
		return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED, "a message of %zu bytes: "
				       "target %s takes at most %u (%s)", len, t->name, t->max_msg,
				       t->msg_why);
	if (len >= HDR && (t->flags & TGT_FMAP_SIZE) && get_le32(p + 12) != len)
		return famfs_error_set(err, -EINVAL, "not a usable MAP_CREATE message: fmap_size "
				       "(bytes 12-15) is %u, the message has %zu bytes",
				       get_le32(p + 12), len);
	if (len >= HDR && zero_group(p, len, &which))
		return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED, "interleaved extent %u "
				       "holds 0 bytes (ie_nbytes 0): target %s refuses a "
				       "zero-length interleave", which, t->name);
	rc = famfs_layout_decode_fuse(l, buf, len, err);
	if (!rc)
		rc = famfs_layout_encode_target(l, FAMFS_ENC_FUSE_FMAP, t, 0, canon, sizeof(canon),
						&n, err);
	if (rc) {
		memset(l, 0, sizeof(*l));
		return rc;
	}
	for (i = 0; i < n && i < len; i++)
		if (p[i] != canon[i])
			break;
	if (i < n || n != len) {
		memset(l, 0, sizeof(*l));
		return famfs_error_set(err, -EINVAL, "not a usable GET_FMAP message for target %s: "
				       "byte %zu differs from what this layout encodes to (a "
				       "reserved field not zero, or an ie_nbytes other than the "
				       "group's file bytes)", t->name, i);
	}
	return 0;
}

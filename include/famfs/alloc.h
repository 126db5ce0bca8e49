/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Space allocation on a famfs device: a bitmap with one bit per 2 MiB
 * allocation unit (FAMFS_ALLOC_UNIT), rebuilt from a replayed namespace,
 * and the allocators that pick space for new files: contiguous first fit
 * and striped (interleaved) placement across equal buckets of the device.
 *
 * The map lives in memory only; nothing here reads or writes a device.
 */
#ifndef FAMFS_ALLOC_H
#define FAMFS_ALLOC_H

#include <stdint.h>

#include <famfs/error.h>
#include <famfs/format.h>
#include <famfs/namespace.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)



struct famfs_alloc;

/*
 * A map for a device of dev_size bytes (rounded down to whole allocation
 * units; the tail past the last whole unit is never handed out). With sb,
 * the superblock and log region (famfs_sb_meta_size) is reserved; with
 * sb NULL nothing is. Fails with -EINVAL when the device is smaller than
 * that region or holds no whole unit, -ENOMEM when out of memory.
 */
int famfs_alloc_new(uint64_t dev_size, const struct famfs_superblock *sb,
		    struct famfs_alloc **mapp, struct famfs_error *err);
void famfs_alloc_free(struct famfs_alloc *map);

/*
 * Mark [offset, offset + len) used. len is rounded up to whole units (as
 * the reference tools store extent lengths); len 0 reserves nothing.
 * Errors, with nothing marked: -FAMFS_E_EXT_ALIGN (offset not a multiple
 * of the unit), -FAMFS_E_EXT_RANGE (past the end of the device),
 * -FAMFS_E_EXT_META (inside the superblock or log), -FAMFS_E_EXT_OVERLAP
 * (some unit of the range is already used).
 */
int famfs_alloc_reserve(struct famfs_alloc *map, uint64_t offset, uint64_t len,
			struct famfs_error *err);

/*
 * Mark [offset, offset + len) free again (len rounded up as above), e.g.
 * to undo an allocation whose log entry could not be written. The region
 * of the superblock and log is never released. Errors as for reserve,
 * except that releasing units that are already free is not an error.
 */
int famfs_alloc_release(struct famfs_alloc *map, uint64_t offset, uint64_t len,
			struct famfs_error *err);

/*
 * Reserve every extent (or strip) of an fmap; all or nothing: on error the
 * extents reserved so far are released again. Extents on a device index
 * other than 0 fail with -FAMFS_E_EXT_DEV_INDEX.
 */
int famfs_alloc_reserve_fmap(struct famfs_alloc *map, const struct famfs_fmap *fmap,
			     struct famfs_error *err);
/* Release every extent (or strip) of an fmap. */
int famfs_alloc_release_fmap(struct famfs_alloc *map, const struct famfs_fmap *fmap,
			     struct famfs_error *err);

/*
 * Reserve the space of every file of a replayed namespace. Stops at the
 * first file whose layout cannot be reserved; the message names its path
 * (what was reserved before stays reserved).
 */
int famfs_alloc_from_ns(struct famfs_alloc *map, const struct famfs_ns *ns,
			struct famfs_error *err);

/* Usable size: whole allocation units only. */
uint64_t famfs_alloc_dev_size(const struct famfs_alloc *map);
/* Bytes reserved (superblock and log included) and bytes free. */
uint64_t famfs_alloc_used_bytes(const struct famfs_alloc *map);
uint64_t famfs_alloc_free_bytes(const struct famfs_alloc *map);
/* Length of the largest free contiguous range, in bytes. */
uint64_t famfs_alloc_largest_free(const struct famfs_alloc *map);
/* Whether every unit of [offset, offset + len) is free (0 or 1). */
int famfs_alloc_is_free(const struct famfs_alloc *map, uint64_t offset, uint64_t len);

/*
 * Contiguous first fit: size is rounded up to whole units (size 0 gets
 * one unit, because the reference tools' replay wants at least one
 * extent), the lowest free run that holds it is reserved and described in
 * fmap as one simple extent. There is no fall-back to several extents
 * here (famfs_alloc_extents has one): a request that fits no single free
 * run fails with -FAMFS_E_NO_SPACE (the message gives the bytes needed,
 * the largest free run and the total free).
 */
int famfs_alloc_contig(struct famfs_alloc *map, uint64_t size, struct famfs_fmap *fmap,
		       struct famfs_error *err);

/*
 * Simple-extent allocation, as new files get it: one extent by contiguous
 * first fit when a free run holds the whole size; when none does, the
 * fewest free runs that together hold it (the longest ones; the last
 * piece from the shortest run that holds the rest), at most
 * FAMFS_MAX_EXTENTS (16), in device-offset order, every piece whole
 * allocation units. fmap->count says which it got. Fails with
 * -FAMFS_E_NO_SPACE, nothing reserved, when not even 16 ranges hold it
 * (the message gives the bytes needed, what the 16 largest ranges hold
 * and the total free).
 */
int famfs_alloc_extents(struct famfs_alloc *map, uint64_t size, struct famfs_fmap *fmap,
			struct famfs_error *err);

/* Placement of a striped (interleaved) file. */
struct famfs_stripe {
	uint64_t nstrips;	/* 1 .. FAMFS_MAX_STRIPS */
	uint64_t chunk_size;	/* a power of two, a multiple of 2 MiB */
	uint64_t nbuckets;	/* nstrips .. FAMFS_MAX_BUCKETS; 0 means nstrips */
	uint64_t seed;		/* bucket order; the same seed, the same placement */
};

#define FAMFS_MAX_BUCKETS	64
/*
 * Widest stripe (nstrips * chunk_size) accepted: the largest off_t, more
 * than any device holds, and a product that cannot wrap.
 */
#define FAMFS_STRIPE_MAX_WIDTH	0x7fffffffffffffffULL

/*
 * Check stripe parameters; -EINVAL with a message naming the bad one
 * (including a stripe width over FAMFS_STRIPE_MAX_WIDTH).
 */
int famfs_stripe_validate(const struct famfs_stripe *st, struct famfs_error *err);

/*
 * Striped allocation, as the reference tools place interleaved files: the
 * device's units are split into nbuckets equal buckets, the buckets are
 * taken in an order shuffled by seed, and each strip goes first-fit into a
 * different bucket. Every strip is ceil(size / (nstrips * chunk)) chunks
 * long. A file smaller than one chunk gets one simple extent instead
 * (famfs_alloc_contig). Fails with -FAMFS_E_NO_SPACE, nothing reserved,
 * when fewer than nstrips buckets have room for a strip.
 */
int famfs_alloc_striped(struct famfs_alloc *map, uint64_t size,
			const struct famfs_stripe *st, struct famfs_fmap *fmap,
			struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_ALLOC_H */

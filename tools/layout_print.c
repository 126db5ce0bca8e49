// SPDX-License-Identifier: GPL-2.0-or-later
/* famfs-layout: a layout as a table, JSON or YAML. */
#include <inttypes.h>

#include "common.h"
#include "json.h"
#include "layout_print.h"

static const char *kind_name(const struct famfs_layout_seg *s)
{
	return s->kind == FAMFS_SEG_STRIDE ? "stride" : "extent";
}

const char *lp_dev_path(const struct lp_devs *devs, uint64_t index)
{
	return devs && index < devs->count ? devs->path[index] : NULL;
}

void lp_mark_used(struct lp_devs *devs, uint64_t index)
{
	if (devs && index < devs->count)
		devs->used |= 1U << index;
}

/* The member's path as a JSON (and YAML) string, or null when it was not found. */
static void json_dev_path(FILE *out, const struct lp_devs *devs, uint64_t index)
{
	const char *p = lp_dev_path(devs, index);

	if (p)
		json_string(out, p);
	else
		fputs("null", out);
}

static void print_text(FILE *out, const char *path, const struct famfs_layout *l,
		       struct lp_devs *devs)
{
	char a[32], b[32];
	uint32_t i, k;

	fputs("path:      ", out);
	fput_printable(path, out);
	fprintf(out, "\nsize:      %" PRIu64 " (%s)\n", l->size, human_size(l->size, a, sizeof(a)));
	fprintf(out, "capacity:  %" PRIu64 " (%s) in %u segment%s\n", famfs_layout_capacity(l),
		human_size(famfs_layout_capacity(l), b, sizeof(b)), l->nsegs,
		l->nsegs == 1 ? "" : "s");
	/* a one-device file system keeps the table it always had */
	fprintf(out, "%-4s %-7s %-6s %-5s %-18s %-14s %-12s %s%s\n", "seg", "kind", "strip", "dev",
		"device offset", "length", "chunk", devs ? "first file byte " : "first file byte",
		devs ? "member" : "");
	for (i = 0; i < l->nsegs; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		for (k = 0; k < s->nstrips; k++) {
			const char *p = lp_dev_path(devs, s->strip[k].dev);

			fprintf(out, "%-4u %-7s %-6u %-5" PRIu64 " 0x%016" PRIx64 " %-14" PRIu64
				" %-12" PRIu64 " %" PRIu64, i, kind_name(s), k, s->strip[k].dev,
				s->strip[k].offset, s->strip_len, s->chunk_size,
				s->file_offset + (uint64_t)k * s->chunk_size);
			lp_mark_used(devs, s->strip[k].dev);
			if (devs) {
				/* paths go last: they may hold spaces */
				fputs(p ? " " : " (not found)", out);
				if (p)
					fput_printable(p, out);
			}
			fputc('\n', out);
		}
	}
}

static void print_json(FILE *out, const char *path, const struct famfs_layout *l,
		       struct lp_devs *devs)
{
	uint32_t i, k;

	fputs("{\"path\": ", out);
	json_string(out, path);
	fprintf(out, ", \"size\": %" PRIu64 ", \"capacity\": %" PRIu64 ", \"segments\": [",
		l->size, famfs_layout_capacity(l));
	for (i = 0; i < l->nsegs; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		fprintf(out, "%s{\"kind\": \"%s\", \"nstrips\": %u, \"chunk_size\": %" PRIu64
			", \"strip_len\": %" PRIu64 ", \"file_offset\": %" PRIu64 ", \"strips\": [",
			i ? ", " : "", kind_name(s), s->nstrips, s->chunk_size, s->strip_len,
			s->file_offset);
		for (k = 0; k < s->nstrips; k++) {
			fprintf(out, "%s{\"dev\": %" PRIu64 ", \"offset\": %" PRIu64, k ? ", " : "",
				s->strip[k].dev, s->strip[k].offset);
			lp_mark_used(devs, s->strip[k].dev);
			if (devs) {
				fputs(", \"dev_path\": ", out);
				json_dev_path(out, devs, s->strip[k].dev);
			}
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}

static void print_yaml(FILE *out, const char *path, const struct famfs_layout *l,
		       struct lp_devs *devs)
{
	uint32_t i, k;

	/* a JSON string is a valid YAML double-quoted scalar */
	fputs("path: ", out);
	json_string(out, path);
	fprintf(out, "\nsize: %" PRIu64 "\ncapacity: %" PRIu64 "\nsegments:\n", l->size,
		famfs_layout_capacity(l));
	for (i = 0; i < l->nsegs; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		fprintf(out, "  - kind: %s\n    nstrips: %u\n    chunk_size: %" PRIu64
			"\n    strip_len: %" PRIu64 "\n    file_offset: %" PRIu64 "\n    strips:\n",
			kind_name(s), s->nstrips, s->chunk_size, s->strip_len, s->file_offset);
		for (k = 0; k < s->nstrips; k++) {
			fprintf(out, "      - dev: %" PRIu64 "\n        offset: %" PRIu64 "\n",
				s->strip[k].dev, s->strip[k].offset);
			lp_mark_used(devs, s->strip[k].dev);
			if (devs) {
				fputs("        dev_path: ", out);
				json_dev_path(out, devs, s->strip[k].dev);
				fputc('\n', out);
			}
		}
	}
}

void print_layout(FILE *out, int format, const char *path, const struct famfs_layout *l,
		  struct lp_devs *devs)
{
	if (format == LP_JSON)
		print_json(out, path, l, devs);
	else if (format == LP_YAML)
		print_yaml(out, path, l, devs);
	else
		print_text(out, path, l, devs);
}

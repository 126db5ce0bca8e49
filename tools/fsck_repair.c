// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fsck.famfs -p / -y: repair through libfamfs' crash-safe log rewrite,
 * list each repair, check again, and give fsck(8)'s exit code.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fsck.h"
#include "json.h"

struct printer {
	FILE *out;
	int quiet, json;
	uint64_t left;
	struct fsck_result *r;
};

/* --json: keep the repair for the report (out of memory: it is counted, not listed) */
static void keep_repair(struct fsck_result *r, const struct famfs_repair *x)
{
	struct kept_repair *k;

	if (r->nrp == r->rpcap) {
		size_t cap = r->rpcap ? 2 * r->rpcap : 16;
		struct kept_repair *p = realloc(r->rp, cap * sizeof(*p));

		if (!p)
			return;
		r->rp = p;
		r->rpcap = cap;
	}
	k = &r->rp[r->nrp];
	k->name = x->name;
	k->index = x->index;
	k->done = x->done;
	k->path = x->path ? strdup(x->path) : NULL;
	k->msg = strdup(x->msg);
	if (!k->msg || (x->path && !k->path)) {
		free(k->path);
		free(k->msg);
		return;
	}
	r->nrp++;
}

static void print_repair(void *arg, const struct famfs_repair *r)
{
	struct printer *p = arg;
	char where[64] = "";

	if (!r->done)
		p->left++;
	if (p->json) {
		keep_repair(p->r, r);
		return;
	}
	if (p->quiet && r->done)
		return;
	if (r->index != UINT64_MAX)
		snprintf(where, sizeof(where), " [entry %llu]", (unsigned long long)r->index);
	tool_msg(p->out, NULL, "%s %s%s%s%s: %s%s", r->done ? "fixed" : "not fixed", r->name,
		 where, r->path ? " " : "", r->path ? r->path : "", r->msg,
		 r->done ? "" : " (loses an entry: run with -y)");
}

int fsck_repair(const struct fsck_repair_args *ra, struct fsck_result *res)
{
	const struct famfs_superblock *sb = &res->rep.sb;
	struct famfs_error err = { 0 };
	struct famfs_repair_report rep;
	struct famfs_check_report after;
	struct printer p = { ra->json ? stderr : stdout, ra->quiet, ra->json, 0, res };
	char *undo = NULL;
	int rc;

	if (!ra->no_undo) {
		undo = ra->undo_file ? strdup(ra->undo_file) :
			tool_default_undo_path("fsck.famfs", ra->device, sb->uuid);
		if (!undo) {
			tool_msg(stderr, ra->prog, "out of memory");
			return FSCK_OPERATIONAL;
		}
	} else {
		tool_msg(stderr, ra->prog, "warning: no undo file: a crash while the log is "
			 "rewritten can leave %s unreadable", ra->device);
	}
	/* a rewrite stopped half way needs the undo file: do not stop on a signal */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	rc = famfs_repair(ra->device, ra->yes ? FAMFS_REPAIR_LOSSY : 0, undo, print_repair, &p,
			  &rep, &err);
	if (rc) {
		tool_msg(stderr, ra->prog, "%s: cannot repair: %s", ra->device, err.msg);
		free(undo);
		return rc == -EUCLEAN ? FSCK_UNCORRECTED : FSCK_OPERATIONAL;
	}
	if (rep.written && undo)
		tool_msg(p.out, NULL, "undo file: %s ('famfs-undo %s %s' takes the repairs back)",
			 undo, undo, ra->device);
	free(undo);
	if (!rep.written) {
		if (p.left)
			tool_msg(stderr, ra->prog, "%s: %llu repair%s would lose entries; nothing "
				 "was written: run 'fsck.famfs -y %s'", ra->device,
				 (unsigned long long)p.left, p.left == 1 ? "" : "s", ra->device);
		return FSCK_UNCORRECTED;
	}
	rc = famfs_check(ra->device, NULL, NULL, &after, NULL, &err);
	if (rc) {
		tool_msg(stderr, ra->prog, "%s: cannot check again: %s", ra->device, err.msg);
		return FSCK_OPERATIONAL;
	}
	if (after.nerrors) {
		tool_msg(stderr, ra->prog, "%s: %llu error%s remain after the repairs", ra->device,
			 (unsigned long long)after.nerrors, after.nerrors == 1 ? "" : "s");
		return FSCK_UNCORRECTED;
	}
	if (!ra->quiet && !ra->json)
		tool_msg(p.out, NULL, "%s: %llu repair%s done; clean now", ra->device,
			 (unsigned long long)rep.done, rep.done == 1 ? "" : "s");
	return FSCK_FIXED;
}

void fsck_print_json_repairs(FILE *out, const struct fsck_result *r)
{
	size_t i;

	fprintf(out, "  \"repairs\": [");
	for (i = 0; i < r->nrp; i++) {
		const struct kept_repair *k = &r->rp[i];

		fprintf(out, "%s\n    {\"name\": \"%s\", \"fixed\": %s, \"entry\": ", i ? "," : "",
			k->name, k->done ? "true" : "false");
		if (k->index == UINT64_MAX)
			fputs("null", out);
		else
			fprintf(out, "%llu", (unsigned long long)k->index);
		fputs(", \"path\": ", out);
		json_string(out, k->path);
		fputs(", \"message\": ", out);
		json_string(out, k->msg);
		fputc('}', out);
	}
	fprintf(out, "%s],\n", r->nrp ? "\n  " : "");
}

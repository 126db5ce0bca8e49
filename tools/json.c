// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON string output for the tools' --json modes. */
#include <stdint.h>

#include "common.h"
#include "json.h"

void json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	while (*p) {
		int n = utf8_seq_len(p);

		if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p);
		} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			/* U+0080-U+009F, C1 controls: escaped like C0 */
			fprintf(out, "\\u%04x", p[1]);
		} else if (*p < 0x20 || *p == 0x7f || n == 0) {
			fprintf(out, "\\u%04x", *p);
			n = 1;
		} else {
			fwrite(p, 1, (size_t)n, out);
		}
		p += n ? n : 1;
	}
	fputc('"', out);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* Rules for the relative paths stored in log entries. */
#include <string.h>

#include <famfs/format.h>

int famfs_path_validate(const char *path, struct famfs_error *err)
{
	size_t len = strnlen(path, FAMFS_PATH_MAX);
	const char *c = path;

	if (len == 0)
		return famfs_error_set(err, -FAMFS_E_ENTRY_PATH, "path is empty");
	if (len >= FAMFS_PATH_MAX)
		return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
				       "path is longer than %d bytes",
				       FAMFS_PATH_MAX - 1);
	if (path[0] == '/')
		return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
				       "path '%s' is absolute", path);
	if (path[len - 1] == '/')
		return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
				       "path '%s' ends with a slash", path);

	/* walk the components: none may be empty, "." or ".." */
	while (*c) {
		const char *end = strchr(c, '/');
		size_t n = end ? (size_t)(end - c) : strlen(c);

		if (n == 0)
			return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
					       "path '%s' has an empty component", path);
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
					       "path '%s' has a '%.*s' component",
					       path, (int)n, c);
		c += n;
		if (*c == '/')
			c++;
	}
	return 0;
}

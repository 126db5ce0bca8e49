// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * This host's famfs identity: the system UUID the reference tools keep in
 * /opt/famfs/system_uuid. The host whose UUID a superblock records (the
 * master) is the only one allowed to append to the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include <famfs/fs.h>

/* One UUID in text form, optionally followed by whitespace. */
static int parse_uuid_text(const char *text, uint8_t uuid[FAMFS_UUID_LEN])
{
	char buf[UUID_STR_LEN];
	size_t n = strcspn(text, " \t\r\n");

	if (n != UUID_STR_LEN - 1 || text[n + strspn(text + n, " \t\r\n")] != '\0')
		return -1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return uuid_parse(buf, uuid) ? -1 : 0;
}

static int read_uuid_file(const char *path, uint8_t uuid[FAMFS_UUID_LEN],
			  struct famfs_error *err)
{
	char text[128];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	/* a missing file is for the caller to handle: no message */
	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0)
		return famfs_error_set(err, -errno, "cannot open %s: %s", path, strerror(errno));
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return famfs_error_set(err, -errno, "%s: cannot read: %s", path, strerror(errno));
	text[n] = '\0';
	if (parse_uuid_text(text, uuid))
		return famfs_error_set(err, -EINVAL,
				       "%s does not hold a system UUID; fix or remove it", path);
	return 0;
}

static int make_parent_dir(const char *path)
{
	char *dir = strdup(path);
	char *slash;
	int rc = 0;

	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			rc = -errno;
	}
	free(dir);
	return rc;
}

/* Create the file with a new random UUID; losing a race to another creator is fine. */
static int create_uuid_file(const char *path, uint8_t uuid[FAMFS_UUID_LEN],
			    struct famfs_error *err)
{
	char text[UUID_STR_LEN + 1];
	int fd, rc;

	rc = make_parent_dir(path);
	if (rc)
		return famfs_error_set(err, rc, "cannot create the directory of %s: %s",
				       path, strerror(-rc));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST)
		return read_uuid_file(path, uuid, err);
	if (fd < 0)
		return famfs_error_set(err, -errno, "cannot create %s: %s", path, strerror(errno));
	uuid_generate(uuid);
	uuid_unparse_lower(uuid, text);
	strcat(text, "\n");
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) || fsync(fd) < 0) {
		rc = famfs_error_set(err, -EIO, "cannot write %s", path);
		close(fd);
		unlink(path);
		return rc;
	}
	close(fd);
	return 0;
}

int famfs_system_uuid(uint8_t uuid[FAMFS_UUID_LEN], int create,
		      struct famfs_error *err)
{
	const char *env = getenv(FAMFS_SYSTEM_UUID_ENV);
	const char *path = getenv(FAMFS_SYSTEM_UUID_FILE_ENV);
	int rc;

	if (env && *env) {
		if (parse_uuid_text(env, uuid))
			return famfs_error_set(err, -EINVAL, "%s=\"%s\" is not a UUID",
					       FAMFS_SYSTEM_UUID_ENV, env);
		return 0;
	}
	if (!path || !*path)
		path = FAMFS_SYSTEM_UUID_FILE;
	rc = read_uuid_file(path, uuid, err);
	if (rc != -ENOENT)
		return rc;
	if (!create)
		return famfs_error_set(err, -ENOENT,
				       "this host has no famfs system UUID (%s is missing)", path);
	return create_uuid_file(path, uuid, err);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DAX device modes through sysfs. The driver a device is bound to is its
 * mode; switching is unbind, then new_id (fsdev_dax has no id table, so a
 * plain bind fails with ENODEV) or bind, as measured on Linux 7.2.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "dev/daxmode.h"

#define BUS "/sys/bus/dax"
#define NAME_MAX_LEN 32

int (*daxmode_write_hook)(const char *path, const char *val);
unsigned int daxmode_wait_ms = FAMFS_DAXMODE_WAIT_MS;

static const struct {
	enum famfs_daxmode mode;
	const char *name, *driver;
} modes[] = {
	{ FAMFS_DAXMODE_DEVDAX, "devdax", "device_dax" },
	{ FAMFS_DAXMODE_FAMFS, "famfs", "fsdev_dax" },
	{ FAMFS_DAXMODE_SYSTEM_RAM, "system-ram", "kmem" },
};

const char *famfs_daxmode_name(enum famfs_daxmode mode)
{
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (modes[i].mode == mode)
			return modes[i].name;
	return mode == FAMFS_DAXMODE_UNBOUND ? "unbound" : "unknown";
}

const char *famfs_daxmode_driver(enum famfs_daxmode mode)
{
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (modes[i].mode == mode)
			return modes[i].driver;
	return NULL;
}

static enum famfs_daxmode mode_of_driver(const char *driver)
{
	size_t i;

	if (!*driver)
		return FAMFS_DAXMODE_UNBOUND;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(modes[i].driver, driver))
			return modes[i].mode;
	return FAMFS_DAXMODE_UNKNOWN;
}

/* The test root standing for "/", or "". */
static const char *root(void)
{
	const char *r = secure_getenv(FAMFS_SYSFS_ROOT_ENV);

	return r ? r : "";
}

int daxmode_rooted(char *buf, size_t len, const char *fmt, ...)
{
	char tail[PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tail, sizeof(tail), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tail))
		return -ENAMETOOLONG;
	n = snprintf(buf, len, "%s%s", root(), tail);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* "dax" digits "." digits: the only names that go into sysfs paths and writes. */
static int valid_name(const char *s)
{
	const char *p = s;
	int dots = 0;

	if (strncmp(p, "dax", 3) || strlen(s) >= NAME_MAX_LEN)
		return 0;
	for (p += 3; *p; p++) {
		if (*p == '.' && p[-1] != '.' && isdigit((unsigned char)p[-1]))
			dots++;
		else if (!isdigit((unsigned char)*p))
			return 0;
	}
	return dots == 1 && isdigit((unsigned char)p[-1]);
}

/* The basename of symlink path, in out; -errno when it is no link. */
static int link_base(const char *path, char *out, size_t len)
{
	char target[PATH_MAX];
	const char *b;
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	if (n < 0)
		return -errno;
	target[n] = '\0';
	b = strrchr(target, '/');
	b = b ? b + 1 : target;
	if (strlen(b) >= len)
		return -ENAMETOOLONG;
	strcpy(out, b);
	return 0;
}

static int name_of_rdev(dev_t rdev, char *name, size_t len)
{
	char path[PATH_MAX], num[32];
	int rc;

	snprintf(num, sizeof(num), "%u:%u", major(rdev), minor(rdev));
	rc = daxmode_rooted(path, sizeof(path), "/sys/dev/char/%s", num);
	if (!rc)
		rc = link_base(path, name, len);
	if (!rc && !valid_name(name))
		rc = -ENODEV;
	return rc;
}

static int known_name(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	if (daxmode_rooted(path, sizeof(path), BUS "/devices/%s", name))
		return 0;
	return lstat(path, &st) == 0;
}

int famfs_daxmode_devname(const char *device, char *name, size_t len,
			  struct famfs_error *err)
{
	struct stat st;
	int rc;

	if (!strchr(device, '/')) {
		if (!valid_name(device) || strlen(device) >= len)
			return famfs_error_set(err, -ENODEV,
					       "%s: not a DAX device name (daxX.Y) or a path",
					       device);
		strcpy(name, device);
	} else {
		if (stat(device, &st) < 0)
			return famfs_error_set(err, -errno, "%s: %s", device, strerror(errno));
		if (!S_ISCHR(st.st_mode))
			return famfs_error_set(err, -ENODEV, "%s: not a DAX character device",
					       device);
		rc = name_of_rdev(st.st_rdev, name, len);
		if (rc)
			return famfs_error_set(err, -ENODEV,
					       "%s: character device %u:%u is not a DAX device "
					       "in sysfs", device, major(st.st_rdev),
					       minor(st.st_rdev));
	}
	if (!known_name(name))
		return famfs_error_set(err, -ENODEV, "%s: no DAX device %s in " BUS "/devices",
				       device, name);
	return 0;
}

/* The driver of a device by name, "" when unbound. */
static int driver_of(const char *name, char *driver, size_t len)
{
	char path[PATH_MAX];
	int rc = daxmode_rooted(path, sizeof(path), BUS "/devices/%s/driver", name);

	if (rc)
		return rc;
	rc = link_base(path, driver, len);
	/* no driver link: unbound, unless the device is not on the dax bus at all */
	if (rc == -ENOENT && known_name(name)) {
		driver[0] = '\0';
		return 0;
	}
	return rc == -ENOENT ? -ENODEV : rc;
}

int famfs_daxmode_get(const char *device, enum famfs_daxmode *mode, char *driver,
		      size_t driver_len, struct famfs_error *err)
{
	char name[NAME_MAX_LEN], drv[NAME_MAX];
	int rc = famfs_daxmode_devname(device, name, sizeof(name), err);

	if (rc)
		return rc;
	rc = driver_of(name, drv, sizeof(drv));
	if (rc)
		return famfs_error_set(err, rc, "%s: cannot read the driver of %s: %s",
				       device, name, strerror(-rc));
	*mode = mode_of_driver(drv);
	if (driver && driver_len)
		snprintf(driver, driver_len, "%s", drv);
	return 0;
}

/* One cd to the drivers' folder keeps the command short enough to print. */
int famfs_daxmode_command(const char *name, enum famfs_daxmode from, enum famfs_daxmode to,
			  char *buf, size_t len)
{
	const char *steps[3] = { NULL, NULL, NULL };
	size_t used;
	int i, n;

	if (!valid_name(name) || from == to)
		return -EINVAL;
	if (from == FAMFS_DAXMODE_DEVDAX) {
		steps[0] = "device_dax/unbind";
	} else if (from == FAMFS_DAXMODE_FAMFS) {
		steps[0] = "fsdev_dax/unbind";
		steps[1] = "fsdev_dax/remove_id";
	} else if (from != FAMFS_DAXMODE_UNBOUND) {
		return -EINVAL;
	}
	if (to == FAMFS_DAXMODE_DEVDAX)
		steps[2] = "device_dax/bind";
	else if (to == FAMFS_DAXMODE_FAMFS)
		steps[2] = "fsdev_dax/new_id";
	else
		return -EINVAL;
	n = snprintf(buf, len, "cd " BUS "/drivers");
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	used = (size_t)n;
	for (i = 0; i < 3; i++) {
		if (!steps[i])
			continue;
		n = snprintf(buf + used, len - used, " && echo %s > %s", name, steps[i]);
		if (n < 0 || (size_t)n >= len - used)
			return -ENAMETOOLONG;
		used += (size_t)n;
	}
	return 0;
}

static int sysfs_write(const char *name, const char *driver, const char *attr)
{
	char path[PATH_MAX], val[NAME_MAX_LEN + 1];
	ssize_t w;
	int fd, rc;

	rc = daxmode_rooted(path, sizeof(path), BUS "/drivers/%s/%s", driver, attr);
	if (rc)
		return rc;
	snprintf(val, sizeof(val), "%s\n", name);
	if (daxmode_write_hook)
		return daxmode_write_hook(path, val);
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	w = write(fd, val, strlen(val));
	rc = w < 0 ? -errno : 0;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}

static int driver_loaded(const char *driver)
{
	char path[PATH_MAX];
	struct stat st;

	if (daxmode_rooted(path, sizeof(path), BUS "/drivers/%s", driver))
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Wait until the driver link names want and the device node opens (it
 * gives ENXIO while the device has no driver). node may be NULL.
 */
static int wait_usable(const char *name, const char *node, enum famfs_daxmode want)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	uint64_t end = now_ms() + daxmode_wait_ms;
	char drv[NAME_MAX];
	int fd;

	for (;;) {
		if (!driver_of(name, drv, sizeof(drv)) && mode_of_driver(drv) == want) {
			if (!node)
				return 0;
			fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
			if (fd >= 0) {
				close(fd);
				return 0;
			}
		}
		if (now_ms() >= end)
			return -ETIMEDOUT;
		nanosleep(&pause, NULL);
	}
}

/* Wait until the device has no driver: the next bind must find it free. */
static int wait_unbound(const char *name)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	uint64_t end = now_ms() + daxmode_wait_ms;
	char drv[NAME_MAX];

	while (driver_of(name, drv, sizeof(drv)) || *drv) {
		if (now_ms() >= end)
			return -ETIMEDOUT;
		nanosleep(&pause, NULL);
	}
	return 0;
}

/*
 * Does a mapping line of /proc/PID/maps map node (dev and inode of the
 * device node, as maps shows them)?
 */
static int maps_line_hits(const char *line, const struct stat *node)
{
	unsigned long ino;
	unsigned int ma, mi;

	if (sscanf(line, "%*s %*s %*s %x:%x %lu", &ma, &mi, &ino) != 3)
		return 0;
	return ma == major(node->st_dev) && mi == minor(node->st_dev) &&
	       ino == (unsigned long)node->st_ino;
}

/* A process other than this one that maps the node; its pid, or 0. */
static long find_mapper(const struct stat *node)
{
	char path[PATH_MAX], line[512];
	struct dirent *de;
	long pid, found = 0;
	DIR *d;
	FILE *f;

	if (daxmode_rooted(path, sizeof(path), "/proc") || !(d = opendir(path)))
		return 0;
	while (!found && (de = readdir(d))) {
		char *end;

		pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid())
			continue;
		if (daxmode_rooted(path, sizeof(path), "/proc/%s/maps", de->d_name))
			continue;
		f = fopen(path, "re");
		if (!f)
			continue;	/* gone, or not ours to read */
		while (fgets(line, sizeof(line), f))
			if (maps_line_hits(line, node)) {
				found = pid;
				break;
			}
		fclose(f);
	}
	closedir(d);
	return found;
}

/* Is a famfs mounted from this device (/dev/NAME as the mount source)? */
static int famfs_mounted(const char *name)
{
	char path[PATH_MAX], line[1024], src[PATH_MAX], fstype[64], want[64];
	const char *sep;
	int hit = 0;
	FILE *f;

	if (daxmode_rooted(path, sizeof(path), "/proc/self/mountinfo") ||
	    !(f = fopen(path, "re")))
		return 0;
	snprintf(want, sizeof(want), "/dev/%s", name);
	while (!hit && fgets(line, sizeof(line), f)) {
		sep = strstr(line, " - ");
		if (!sep || sscanf(sep + 3, "%63s %4095s", fstype, src) != 2)
			continue;
		hit = strstr(fstype, "famfs") && !strcmp(src, want);
	}
	fclose(f);
	return hit;
}

struct sw {
	const char *device;	/* as the caller named it */
	char name[NAME_MAX_LEN];
	char node[PATH_MAX];	/* device node, for the scan and the wait */
	int have_node;
	enum famfs_daxmode from, to;
};

static int refuse_mode(const struct sw *s, const char *driver, struct famfs_error *err)
{
	char cmd[256];

	switch (s->from) {
	case FAMFS_DAXMODE_SYSTEM_RAM:
		return famfs_error_set(err, -EPERM,
				       "%s is in system-ram mode (driver kmem): its memory is "
				       "online as RAM; famfs-progs never switches it", s->device);
	case FAMFS_DAXMODE_UNBOUND:
		famfs_daxmode_command(s->name, FAMFS_DAXMODE_UNBOUND, FAMFS_DAXMODE_DEVDAX,
				      cmd, sizeof(cmd));
		return famfs_error_set(err, -ENXIO, "%s has no driver (unbound); bind it: %s",
				       s->device, cmd);
	default:
		return famfs_error_set(err, -EPERM,
				       "%s is bound to driver %s, not device_dax or fsdev_dax; "
				       "famfs-progs leaves it alone", s->device, driver);
	}
}

/*
 * famfs-progs holds a flock on a device it has open (libfamfs device.c):
 * one that cannot be had means another process is working on it.
 */
static int locked_by_other(const char *node)
{
	int fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	int busy;

	if (fd < 0)
		return 0;
	busy = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return busy;
}

static int check_busy(const struct sw *s, struct famfs_error *err)
{
	struct stat st;
	long pid;

	if (s->from == FAMFS_DAXMODE_FAMFS && famfs_mounted(s->name))
		return famfs_error_set(err, -EBUSY,
				       "%s is in use: a famfs is mounted from it; it stays in "
				       "famfs mode (unmount it first)", s->device);
	if (!s->have_node || stat(s->node, &st) < 0)
		return 0;
	pid = find_mapper(&st);
	if (pid)
		return famfs_error_set(err, -EBUSY,
				       "%s is in use: process %ld maps it; it stays in %s mode",
				       s->device, pid, famfs_daxmode_name(s->from));
	if (locked_by_other(s->node))
		return famfs_error_set(err, -EBUSY,
				       "%s is in use by another famfs-progs process (it holds the "
				       "device's lock); it stays in %s mode", s->device,
				       famfs_daxmode_name(s->from));
	return 0;
}

/* Bind name to the driver of mode m: new_id for fsdev_dax, bind otherwise. */
static int bind_mode(const char *name, enum famfs_daxmode m)
{
	const char *drv = famfs_daxmode_driver(m);
	int rc;

	if (m != FAMFS_DAXMODE_FAMFS)
		return sysfs_write(name, drv, "bind");
	rc = sysfs_write(name, drv, "new_id");
	/* an id still in its table from before: a bind then works */
	if (rc == -EEXIST)
		rc = sysfs_write(name, drv, "bind");
	return rc;
}

/* Undo a bind to mode m that half worked: unbind if it took, drop its id. */
static void unbind_mode(const char *name, enum famfs_daxmode m)
{
	char drv[NAME_MAX];

	if (!driver_of(name, drv, sizeof(drv)) && mode_of_driver(drv) == m &&
	    !sysfs_write(name, famfs_daxmode_driver(m), "unbind"))
		wait_unbound(name);
	/* leave no id behind that would claim the device on a later probe */
	if (m == FAMFS_DAXMODE_FAMFS)
		sysfs_write(name, famfs_daxmode_driver(m), "remove_id");
}

/* After a failed bind: back to where it was, or say where it is. */
static int roll_back(const struct sw *s, int rc, const char *what, struct famfs_error *err)
{
	char cmd[256];
	int rb;

	if (s->to == FAMFS_DAXMODE_FAMFS)
		unbind_mode(s->name, s->to);	/* a new_id that half worked */
	rb = bind_mode(s->name, s->from);
	if (!rb)
		rb = wait_usable(s->name, s->have_node ? s->node : NULL, s->from);
	if (!rb)
		return famfs_error_set(err, rc, "%s: cannot switch to %s mode (%s: %s); it is "
				       "back in %s mode", s->device, famfs_daxmode_name(s->to),
				       what, strerror(-rc), famfs_daxmode_name(s->from));
	famfs_daxmode_command(s->name, FAMFS_DAXMODE_UNBOUND, s->from, cmd, sizeof(cmd));
	return famfs_error_set(err, rc, "%s: cannot switch to %s mode (%s: %s) nor back: it "
			       "has no driver; fix: %s", s->device, famfs_daxmode_name(s->to),
			       what, strerror(-rc), cmd);
}

static int do_switch(const struct sw *s, struct famfs_error *err)
{
	const char *from_drv = famfs_daxmode_driver(s->from);
	int rc;

	rc = sysfs_write(s->name, from_drv, "unbind");
	if (rc == -EBUSY)
		return famfs_error_set(err, rc, "%s is in use: the kernel refused to unbind it "
				       "from %s; it stays in %s mode", s->device, from_drv,
				       famfs_daxmode_name(s->from));
	if (!rc)
		rc = wait_unbound(s->name);
	if (rc)
		return famfs_error_set(err, rc, "%s: cannot unbind from %s: %s; it stays in "
				       "%s mode", s->device, from_drv, strerror(-rc),
				       famfs_daxmode_name(s->from));
	if (s->from == FAMFS_DAXMODE_FAMFS)
		sysfs_write(s->name, from_drv, "remove_id");	/* absent id: fine */
	rc = bind_mode(s->name, s->to);
	if (rc)
		return roll_back(s, rc, s->to == FAMFS_DAXMODE_FAMFS ? "fsdev_dax new_id"
				 : "device_dax bind", err);
	rc = wait_usable(s->name, s->have_node ? s->node : NULL, s->to);
	if (rc)
		return roll_back(s, rc, "waiting for the device", err);
	return 0;
}

int famfs_daxmode_set(const char *device, enum famfs_daxmode to, unsigned int flags,
		      struct famfs_error *err)
{
	struct sw s = { .device = device, .to = to };
	char drv[NAME_MAX];
	int rc;

	if (to != FAMFS_DAXMODE_DEVDAX && to != FAMFS_DAXMODE_FAMFS)
		return famfs_error_set(err, -EINVAL, "%s: can only switch to devdax or famfs mode",
				       device);
	rc = famfs_daxmode_get(device, &s.from, drv, sizeof(drv), err);
	if (rc)
		return rc;
	famfs_daxmode_devname(device, s.name, sizeof(s.name), NULL);
	if (s.from == to)
		return 0;
	if (s.from != FAMFS_DAXMODE_DEVDAX && s.from != FAMFS_DAXMODE_FAMFS)
		return refuse_mode(&s, drv, err);
	if (!driver_loaded(famfs_daxmode_driver(to)))
		return famfs_error_set(err, -ENOENT, "%s: the %s driver is not loaded (modprobe "
				       "%s); it stays in %s mode", device, famfs_daxmode_driver(to),
				       famfs_daxmode_driver(to), famfs_daxmode_name(s.from));
	if (strchr(device, '/'))
		s.have_node = snprintf(s.node, sizeof(s.node), "%s", device) <
			      (int)sizeof(s.node);
	else
		s.have_node = !daxmode_rooted(s.node, sizeof(s.node), "/dev/%s", s.name);
	if (!(flags & FAMFS_DAXMODE_NO_SCAN)) {
		rc = check_busy(&s, err);
		if (rc)
			return rc;
	}
	return do_switch(&s, err);
}

int daxmode_explain(dev_t rdev, char *buf, size_t len)
{
	enum famfs_daxmode m;
	char name[NAME_MAX_LEN], drv[NAME_MAX], cmd[256], state[NAME_MAX + 48];

	if (name_of_rdev(rdev, name, sizeof(name)) || driver_of(name, drv, sizeof(drv)))
		return 0;
	m = mode_of_driver(drv);
	if (m == FAMFS_DAXMODE_DEVDAX)
		return 0;
	if (m == FAMFS_DAXMODE_UNBOUND)
		snprintf(state, sizeof(state), "has no driver (unbound)");
	else
		snprintf(state, sizeof(state), "is in %s mode (driver %s)",
			 famfs_daxmode_name(m), drv);
	if (famfs_daxmode_command(name, m, FAMFS_DAXMODE_DEVDAX, cmd, sizeof(cmd)))
		snprintf(buf, len, "%s, which famfs-progs cannot map and does not switch",
			 state);
	else
		snprintf(buf, len, "%s, which cannot be mapped raw; switch it to devdax (or "
			 "give -M): %s", state, cmd);
	return 1;
}

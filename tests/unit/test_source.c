// SPDX-License-Identifier: GPL-2.0
/*
 * Where input comes from: every reason the live directory can be unusable
 * gets its own message and hint; -d DIR and $ANON_LAZY_DIR; reading files
 * whole, sized or not; loading a directory.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "data.h"
#include "helpers.h"
#include "source.h"

static bool fake_mounted;

static bool mounted(const char *path)
{
	(void)path;
	return fake_mounted;
}

struct sandbox {
	char root[64], debugfs[96], sysmodule[96], dir[128], version[160];
	struct al_live_paths lp;
};

static int sandbox_setup(void **state)
{
	struct sandbox *s = calloc(1, sizeof(*s));

	strcpy(s->root, "/tmp/anonstat-test.XXXXXX");
	if (!mkdtemp(s->root))
		return -1;
	snprintf(s->debugfs, sizeof(s->debugfs), "%s/debug", s->root);
	snprintf(s->sysmodule, sizeof(s->sysmodule), "%s/module", s->root);
	snprintf(s->dir, sizeof(s->dir), "%s/anon_lazy", s->debugfs);
	snprintf(s->version, sizeof(s->version), "%s/version", s->dir);
	mkdir(s->debugfs, 0755);
	s->lp = (struct al_live_paths){ s->debugfs, s->sysmodule, mounted };
	*state = s;
	return 0;
}

static int sandbox_teardown(void **state)
{
	struct sandbox *s = *state;

	unlink(s->version);
	rmdir(s->dir);
	rmdir(s->debugfs);
	rmdir(s->sysmodule);
	rmdir(s->root);
	free(s);
	return 0;
}

static void expect_live_error(struct sandbox *s, const char *want)
{
	struct al_source src;
	struct al_err e;

	assert_int_equal(al_source_live(&s->lp, &src, &e), -1);
	if (!strstr(e.msg, want))
		fail_msg("got '%s', want '%s'", e.msg, want);
}

static void live_diagnosis(void **state)
{
	struct sandbox *s = *state;
	struct al_source src;
	struct al_err e;
	int fd;

	fake_mounted = false;
	expect_live_error(s, "debugfs is not mounted here: mount -t debugfs none ");
	fake_mounted = true;
	expect_live_error(s, "module anon_lazy is not loaded: modprobe anon_lazy");
	mkdir(s->sysmodule, 0755);
	expect_live_error(s, "created no debugfs directory: booted with debugfs=off?");
	mkdir(s->dir, 0755);
	fd = open(s->version, O_CREAT | O_WRONLY, 0644);
	close(fd);
	assert_int_equal(al_source_live(&s->lp, &src, &e), 0);
	assert_string_equal(src.dir, s->dir);
	assert_true(src.live);
}

/* Not root: the sandbox (mode 0700, like debugfs) cannot be entered. */
static void live_permission(void **state)
{
	struct sandbox *s = *state;
	int status;
	pid_t pid;

	fake_mounted = true;
	mkdir(s->sysmodule, 0755);
	mkdir(s->dir, 0755);
	close(open(s->version, O_CREAT | O_WRONLY, 0644));
	chmod(s->root, 0700);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct al_source src;
		struct al_err e;

		if (!geteuid() && (setgid(65534) || setuid(65534)))
			_exit(2);
		if (geteuid())
			chmod(s->root, 0);
		_exit(al_source_live(&s->lp, &src, &e) == -1 &&
		      strstr(e.msg, "permission denied: anonstat reads debugfs, which is root-only: run as root") ?
		      0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	chmod(s->root, 0700);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void explicit_dir(void **state)
{
	struct sandbox *s = *state;
	struct al_source src;
	struct al_err e;

	assert_int_equal(al_source_find(fixture_path(K61), &src, &e), 0);
	assert_false(src.live);
	assert_string_equal(src.dir, fixture_path(K61));
	assert_int_equal(al_source_find("/nonexistent/dir", &src, &e), -1);
	assert_string_equal(e.msg,
			    "/nonexistent/dir: not an anon_lazy directory or snapshot (no readable version file)");
	/* A directory without version, and a file. */
	assert_int_equal(al_source_find(s->root, &src, &e), -1);
	assert_non_null(strstr(e.msg, "not an anon_lazy directory or snapshot"));
	assert_int_equal(al_source_find(fixture_path(K61 "/version"), &src, &e), -1);
	/* $ANON_LAZY_DIR when there is no -d. */
	setenv(AL_ENV_DIR, fixture_path(K612), 1);
	assert_int_equal(al_source_find(NULL, &src, &e), 0);
	assert_string_equal(src.dir, fixture_path(K612));
	assert_int_equal(al_source_find(fixture_path(K61), &src, &e), 0);
	assert_string_equal(src.dir, fixture_path(K61));
	unsetenv(AL_ENV_DIR);
}

static void read_files(void **state)
{
	struct al_buf b;
	struct al_err e;

	(void)state;
	assert_int_equal(al_read_file(fixture_path(K61 "/vmas"), &b, &e), 0);
	assert_int_equal(b.len, 14514);
	assert_int_equal(b.data[b.len], '\0');
	al_buf_free(&b);
	/* Files that say size 0, like debugfs's, are read to the end. */
	assert_int_equal(al_read_file("/proc/self/maps", &b, &e), 0);
	assert_true(b.len > 0);
	assert_int_equal(b.data[b.len - 1], '\n');
	al_buf_free(&b);
	assert_int_equal(al_read_file("/nonexistent", &b, &e), -1);
	assert_string_equal(e.msg, "/nonexistent: No such file or directory");
	assert_null(b.data);
}

static void load_dir(void **state)
{
	struct sandbox *s = *state;
	struct al_source src;
	struct al_data d;
	struct al_err e;
	char cmd[512];

	assert_int_equal(al_source_find(fixture_path(K612), &src, &e), 0);
	assert_int_equal(al_data_load(&d, &src, AL_NEED(AL_F_SUMMARY) |
				      AL_NEED(AL_F_SLABINFO) |
				      AL_NEED(AL_F_UNAME), &e), 0);
	assert_true(d.have_slab);
	assert_string_equal(d.uname, K612);
	assert_int_equal(d.summary.vmas, 276);
	al_data_free(&d);

	/* No slabinfo: not an error, but said why. */
	mkdir(s->dir, 0755);
	snprintf(cmd, sizeof(cmd), "cp %s/version %s/summary %s/",
		 fixture_path(K61), fixture_path(K61), s->dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(al_source_find(s->dir, &src, &e), 0);
	assert_int_equal(al_data_load(&d, &src, AL_NEED(AL_F_SUMMARY) |
				      AL_NEED(AL_F_SLABINFO), &e), 0);
	assert_false(d.have_slab);
	assert_non_null(strstr(d.slab_why, "slabinfo: No such file"));
	al_data_free(&d);
	/* A file the command needs is missing: an error naming it. */
	assert_int_equal(al_data_load(&d, &src, AL_NEED(AL_F_WALKS), &e), -1);
	assert_non_null(strstr(e.msg, "/walks: No such file or directory"));
	al_data_free(&d);
	snprintf(cmd, sizeof(cmd), "rm -f %s/summary", s->dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(live_diagnosis, sandbox_setup,
						sandbox_teardown),
		cmocka_unit_test_setup_teardown(live_permission, sandbox_setup,
						sandbox_teardown),
		cmocka_unit_test_setup_teardown(explicit_dir, sandbox_setup,
						sandbox_teardown),
		cmocka_unit_test(read_files),
		cmocka_unit_test_setup_teardown(load_dir, sandbox_setup,
						sandbox_teardown),
	};

	return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}

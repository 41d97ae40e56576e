// SPDX-License-Identifier: GPL-2.0
/*
 * tbprof - a QEMU TCG plugin that counts the guest instructions executed
 * from each translation block's start address, and writes the counts
 * since the last snapshot whenever the guest executes `xchg %rbx,%rbx`
 * (bench/src/mark.c) and at exit.  bench/prof/run attributes them to
 * symbols with the guest's /proc/kallsyms.
 *
 * A translation block ends at every jump, call and return, so its start
 * names the function its instructions belong to.  The counters are inline
 * additions in the translated code: they add no guest instructions, so the
 * guest's -icount time is the same with the plugin as without.
 *
 * QEMU's plugin API, version 1 (QEMU 7.2, Debian 12), declared here
 * because Debian ships no qemu-plugin.h: only what this plugin uses.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

enum qemu_plugin_op {
	QEMU_PLUGIN_INLINE_ADD_U64,
};

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
					    void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags,
					    void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* One counter per translation block start address, never freed. */
struct tb_count {
	uint64_t vaddr;
	uint64_t insns;		/* added to by the translated code */
	uint64_t reported;	/* insns at the last snapshot */
};

#define MAX_TBS		(1u << 22)
#define HASH_BITS	23
#define HASH_SIZE	(1u << HASH_BITS)

static struct tb_count *counts;
static uint32_t ncounts, dropped;
static uint32_t *hash;		/* counts index + 1; 0 empty */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *out;
static unsigned int snapshots;
/*
 * The marker of bench/src/mark.c, an instruction nothing else in the guest
 * executes: x86_64's xchg %rbx,%rbx; arm64's orr x3, x3, x3 (a mov would
 * be orr x3, xzr, x3).
 */
static const struct {
	unsigned char bytes[4];
	size_t size;
} markers[] = {
	{ { 0x48, 0x87, 0xdb }, 3 },
	{ { 0x63, 0x00, 0x03, 0xaa }, 4 },
};

static int is_marker(struct qemu_plugin_insn *insn)
{
	size_t i, size = qemu_plugin_insn_size(insn);

	for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
		if (size == markers[i].size &&
		    !memcmp(qemu_plugin_insn_data(insn), markers[i].bytes, size))
			return 1;
	return 0;
}

static struct tb_count *tb_count_of(uint64_t vaddr)
{
	uint32_t h = (uint32_t)((vaddr * 0x9e3779b97f4a7c15ull) >> (64 - HASH_BITS));

	for (;; h = (h + 1) & (HASH_SIZE - 1)) {
		if (!hash[h]) {
			if (ncounts == MAX_TBS) {
				dropped++;
				return NULL;
			}
			counts[ncounts].vaddr = vaddr;
			hash[h] = ++ncounts;
			return &counts[ncounts - 1];
		}
		if (counts[hash[h] - 1].vaddr == vaddr)
			return &counts[hash[h] - 1];
	}
}

static void snapshot(unsigned int vcpu, void *userdata)
{
	uint32_t i;

	(void)vcpu;
	(void)userdata;
	pthread_mutex_lock(&lock);
	fprintf(out, "MARK %u dropped %" PRIu32 "\n", snapshots++, dropped);
	for (i = 0; i < ncounts; i++) {
		uint64_t n = counts[i].insns - counts[i].reported;

		if (!n)
			continue;
		fprintf(out, "%" PRIx64 " %" PRIu64 "\n", counts[i].vaddr, n);
		counts[i].reported = counts[i].insns;
	}
	fflush(out);
	pthread_mutex_unlock(&lock);
}

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;
	struct tb_count *c;

	(void)id;
	pthread_mutex_lock(&lock);
	c = tb_count_of(qemu_plugin_tb_vaddr(tb));
	pthread_mutex_unlock(&lock);
	if (c)
		qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
							 &c->insns, n);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (is_marker(insn))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, snapshot,
							       QEMU_PLUGIN_CB_NO_REGS,
							       NULL);
	}
}

static void at_exit(qemu_plugin_id_t id, void *userdata)
{
	(void)id;
	snapshot(0, userdata);
	fclose(out);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
			int argc, char **argv)
{
	const char *path = NULL;
	int i;

	(void)info;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
	if (!path) {
		fprintf(stderr, "tbprof: out=FILE is required\n");
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return -1;
	}
	counts = calloc(MAX_TBS, sizeof(*counts));
	hash = calloc(HASH_SIZE, sizeof(*hash));
	if (!counts || !hash) {
		fprintf(stderr, "tbprof: out of memory\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}

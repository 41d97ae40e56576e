// SPDX-License-Identifier: GPL-2.0
/* anonstat version - the module, its contract, the kernel, and anonstat. */
#include <inttypes.h>
#include <stdio.h>

#include "anonstat.h"

static void print_json(const struct al_opts *o, const struct al_version *v)
{
	struct json j;
	char hex[24];

	al_json_start(o, &j);
	json_obj_open(&j);
	json_kstr(&j, AL_JSON_ANONSTAT, AL_VERSION);
	json_ku64(&j, AL_VER_CONTRACT, v->contract);
	json_kstr(&j, AL_VER_MODULE, v->module);
	json_kstr(&j, AL_VER_KERNEL, v->kernel);
	json_kstr(&j, AL_VER_ARCH, v->arch);
	json_kstr(&j, AL_VER_FLAVOUR, al_flavour_name(v->series));
	json_ku64(&j, AL_VER_CAPACITY, v->capacity);
	json_ku64(&j, AL_VER_TABLE_BYTES, v->table_bytes);
	snprintf(hex, sizeof(hex), "0x%" PRIx64, v->tag_lazy);
	json_kstr(&j, AL_VER_TAG_LAZY, hex);
	snprintf(hex, sizeof(hex), "0x%" PRIx64, v->tag_parent);
	json_kstr(&j, AL_VER_TAG_PARENT, hex);
	snprintf(hex, sizeof(hex), "0x%" PRIx64, v->tag_mask);
	json_kstr(&j, AL_VER_TAG_MASK, hex);
	json_kstr(&j, AL_VER_TAG_SOURCE, v->tag_source);
	json_ku64(&j, AL_VER_TAG_CONFLICTS, v->tag_conflicts);
	json_kbool(&j, AL_VER_WALK_RETURN, v->walk_return);
	json_obj_close(&j);
	json_finish(&j);
}

static void print_text(const struct al_version *v)
{
	printf("anonstat  %s (contract %d)\n", AL_VERSION, AL_CONTRACT_VERSION);
	printf("module    %s (contract %lu)\n", v->module, v->contract);
	printf("kernel    %s (%s)\n", v->kernel, v->arch);
	printf("flavour   %s: states are %s\n", al_flavour_name(v->series),
	       al_states_are(v->series));
	printf("history   %" PRIu64 " VMA records, %" PRIu64 " bytes\n",
	       v->capacity, v->table_bytes);
	if (v->tag_source)
		printf("tags      lazy 0x%" PRIx64 " parent 0x%" PRIx64
		       " mask 0x%" PRIx64 " (%s, %" PRIu64 " conflicts)\n",
		       v->tag_lazy, v->tag_parent, v->tag_mask, v->tag_source,
		       v->tag_conflicts);
	if (v->walk_return)
		printf("walks     followed to their return\n");
	else
		printf("walks     counted at entry (walk_return=0): latency, fan-out, contention and lock waits not measured\n");
}

int cmd_version(struct al_opts *o)
{
	struct al_data d;
	int status;

	status = al_open(o, NULL, 0, &d);
	if (status) {
		/* Still say who we are: it may be the point of asking. */
		if (!o->json)
			printf("anonstat  %s (contract %d)\n", AL_VERSION,
			       AL_CONTRACT_VERSION);
		return status;
	}
	if (o->json)
		print_json(o, &d.version);
	else
		print_text(&d.version);
	al_data_free(&d);
	return EXIT_OK;
}

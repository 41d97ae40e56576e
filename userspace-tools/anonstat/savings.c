// SPDX-License-Identifier: GPL-2.0
/* savings - the slab memory model of the series' cover letter. */
#include <math.h>

#include "savings.h"

const char *al_kb_source_name(enum al_kb_source s)
{
	return s == AL_KB_SLABINFO ? AL_SNAP_SLABINFO : "module";
}

void al_module_objects(const struct al_summary *s, unsigned int obj,
		       uint64_t *now, uint64_t *projected)
{
	switch (obj) {
	case AL_OBJ_ANON_VMA:
		*now = s->av_now;
		*projected = s->av_proj;
		break;
	case AL_OBJ_AVC:
		*now = s->avc_now;
		*projected = s->avc_proj;
		break;
	default:
		*now = *projected = s->vmas;
		break;
	}
}

static double kb(uint64_t objects, uint64_t objsize)
{
	return (double)objects * (double)objsize / 1024.0;
}

double al_change_pct(double before, double after)
{
	if (before == 0)
		return after == 0 ? 0.0 : NAN;
	return (after - before) * 100.0 / before;
}

int al_saving_compute(unsigned int obj, const struct al_slabinfo *slab,
		      const struct al_summary *s, const struct al_version *v,
		      struct al_saving *out)
{
	const struct al_slab *row = slab ? al_slabinfo_find(slab, al_obj_name(obj)) : NULL;
	uint64_t now, proj;

	*out = (struct al_saving){ .obj = obj };
	al_module_objects(s, obj, &now, &proj);
	out->saved = now > proj ? now - proj : 0;
	if (row) {
		out->source = AL_KB_SLABINFO;
		out->active = row->active_objs;
		out->objsize = row->objsize;
	} else {
		if (!v->size[obj])
			return -1;
		out->source = AL_KB_MODULE;
		out->active = now;
		out->objsize = v->size[obj];
	}
	if (out->saved > out->active) {
		out->clamped = true;
		out->saved = out->active;
	}
	out->now_kb = kb(out->active, out->objsize);
	out->projected_kb = kb(out->active - out->saved, out->objsize);
	out->change_pct = al_change_pct(out->now_kb, out->projected_kb);
	return 0;
}

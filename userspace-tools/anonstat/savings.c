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

/* Objects the series does (series) or would (stock) do without. */
static void saved_objects(const struct al_summary *s, unsigned int obj,
			  struct al_saving *out)
{
	uint64_t now, proj, stock;
	bool has_stock;

	al_module_objects(s, obj, &now, &proj);
	if (!s->series) {
		out->saved = now > proj ? now - proj : 0;
		return;
	}
	has_stock = obj == AL_OBJ_ANON_VMA ? s->has_av_stock :
		    obj == AL_OBJ_AVC ? s->has_avc_stock : true;
	stock = obj == AL_OBJ_ANON_VMA ? s->av_stock :
		obj == AL_OBJ_AVC ? s->avc_stock : now;
	out->no_estimate = !has_stock;
	out->saved = has_stock && stock > now ? stock - now : 0;
}

int al_saving_compute(unsigned int obj, const struct al_slabinfo *slab,
		      const struct al_summary *s, const struct al_version *v,
		      struct al_saving *out)
{
	const struct al_slab *row = slab ? al_slabinfo_find(slab, al_obj_name(obj)) : NULL;
	uint64_t now, proj;

	*out = (struct al_saving){ .obj = obj };
	al_module_objects(s, obj, &now, &proj);
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
	saved_objects(s, obj, out);
	out->now_kb = kb(out->active, out->objsize);
	if (s->series) {
		out->projected_kb = out->now_kb;
		out->stock_kb = kb(out->active + out->saved, out->objsize);
	} else {
		if (out->saved > out->active) {
			out->clamped = true;
			out->saved = out->active;
		}
		out->stock_kb = out->now_kb;
		out->projected_kb = kb(out->active - out->saved, out->objsize);
	}
	/* Without an estimate there is nothing to compare with. */
	out->change_pct = out->no_estimate ? NAN :
			  al_change_pct(out->stock_kb, out->projected_kb);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The state rules, the savings model and tag learning of anon_lazy.
 *
 * Pure C: compiled into the module and into tests/unit, so nothing here may
 * call into the kernel or libc beyond what both provide.
 */
#include "anon_lazy/model.h"

/*
 * Series kernels: what the module saw the series do decides; the tag of
 * vma->anon_vma decides only for VMAs it saw nothing of (inferred).
 */
static enum al_state classify_series(const struct al_av_fields *av,
				     const struct al_history *h,
				     const struct al_tags *tags,
				     bool *inferred)
{
	unsigned int f = h->known ? h->flags : 0;

	if (f & AL_H_UPGRADED)
		return AL_STATE_UPGRADED;
	if (f & AL_H_EAGER)
		return AL_STATE_EAGER;
	if (f & AL_H_LAZY)
		/* Forked from: the series upgrades a lazy parent at fork. */
		return h->forks ? AL_STATE_UPGRADED : AL_STATE_LAZY;
	if (f & AL_H_FORK_CHILD)
		return AL_STATE_LAZY_PARENT;
	if (!av->present)
		return AL_STATE_NONE;
	*inferred = true;
	if (av->tag) {
		/* Tagged: no struct anon_vma behind it. */
		if (tags->parent && av->tag == tags->parent)
			return AL_STATE_LAZY_PARENT;
		/* The lazy tag, or one not learned yet. */
		return AL_STATE_LAZY;
	}
	if (al_av_children(av))
		return AL_STATE_UPGRADED;
	return AL_STATE_EAGER;
}

enum al_state al_classify(const struct al_av_fields *av,
			  const struct al_history *h,
			  const struct al_tags *tags, bool *inferred)
{
	*inferred = false;
	if (tags->series)
		return classify_series(av, h, tags, inferred);
	if (!av->present)
		return AL_STATE_NONE;

	/* Upgraded is sticky: a fork seen from this VMA is never forgotten. */
	if (h->known && h->forks)
		return AL_STATE_UPGRADED;
	/*
	 * Children of the anon_vma mean some VMA using it was forked from:
	 * this one, before the module saw it, or a piece split off it.
	 */
	if (al_av_children(av)) {
		*inferred = true;
		return AL_STATE_UPGRADED;
	}
	if (!av->self_parent) {
		*inferred = !(h->known && (h->flags & AL_H_FORK_CHILD));
		return AL_STATE_LAZY_PARENT;
	}
	*inferred = !h->known;
	return AL_STATE_LAZY;
}

unsigned long al_projected_chains(enum al_state state, unsigned long avcs)
{
	switch (state) {
	case AL_STATE_LAZY:
		/* ANON_VMA_TREE_VMA: no anon_vma, no chain at all. */
		return 0;
	case AL_STATE_LAZY_PARENT:
		/* ANON_VMA_TREE_PARENT: the chains to its ancestors only. */
		return avcs ? avcs - 1 : 0;
	default:
		return avcs;
	}
}

unsigned long al_stock_extra(enum al_state state, bool real_anon_vma)
{
	/* On stock, a lazy lineage has an anon_vma and a chain to it. */
	if (state != AL_STATE_LAZY && state != AL_STATE_LAZY_PARENT)
		return 0;
	return real_anon_vma ? 0 : 1;
}

bool al_anon_vma_kept(enum al_state user_state, unsigned long children)
{
	/* Parent of other anon_vmas: the series upgraded it at that fork. */
	if (children)
		return true;
	return user_state == AL_STATE_UPGRADED || user_state == AL_STATE_EAGER;
}

void al_tag_init(struct al_tag_learner *l, const struct al_tags *given)
{
	*l = (struct al_tag_learner){ 0 };
	if (given && (given->lazy || given->parent)) {
		l->tags = *given;
		l->tags.mask = (given->lazy | given->parent | given->mask) &
			       AL_TAG_LOW_BITS;
		l->status = AL_TAG_GIVEN;
	}
}

static void tag_conflict(struct al_tag_learner *l, unsigned long bits)
{
	l->conflicts++;
	l->last_conflict = bits;
	if (l->status != AL_TAG_GIVEN)
		l->status = AL_TAG_CONFLICT;
}

/*
 * Learn one tag value.  A second, different value for the same tag, a value
 * equal to the other tag's, or no tag bits where a tag must be are
 * contradictions: they are counted and reported, never resolved by guessing.
 */
static void tag_learn(struct al_tag_learner *l, unsigned long *slot,
		      unsigned long other, unsigned long bits)
{
	if (!bits || bits == other) {
		tag_conflict(l, bits);
		return;
	}
	if (!*slot) {
		if (l->status == AL_TAG_GIVEN)
			return;
		*slot = bits;
		l->tags.mask |= bits;
		if (l->status == AL_TAG_UNKNOWN)
			l->status = AL_TAG_LEARNED;
		return;
	}
	if (*slot != bits)
		tag_conflict(l, bits);
}

void al_tag_observe(struct al_tag_learner *l, enum al_tag_event ev,
		    unsigned long raw)
{
	unsigned long bits = raw & AL_TAG_LOW_BITS;

	switch (ev) {
	case AL_TAG_EV_LAZY:
		l->seen_lazy++;
		tag_learn(l, &l->tags.lazy, l->tags.parent, bits);
		break;
	case AL_TAG_EV_PARENT:
		l->seen_parent++;
		tag_learn(l, &l->tags.parent, l->tags.lazy, bits);
		break;
	case AL_TAG_EV_REAL:
		l->seen_real++;
		/*
		 * A real anon_vma pointer is 8-byte aligned: any low bit set
		 * contradicts, whether or not that tag is known yet.
		 */
		if (bits)
			tag_conflict(l, bits);
		break;
	}
}

const char *al_tag_status_name(enum al_tag_status s)
{
	switch (s) {
	case AL_TAG_LEARNED:
		return "learned";
	case AL_TAG_GIVEN:
		return "parameter";
	case AL_TAG_CONFLICT:
		return "conflict";
	default:
		return "unknown";
	}
}

void al_out_init(struct al_out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	if (size)
		buf[0] = '\0';
}

/*
 * Bytes left before the terminator.  The pieces of a line are a few bytes
 * each: they are stored a byte at a time, where a memcpy() call cost more
 * than the copy (bench/README.md, Read cost).
 */
static size_t al_out_room(const struct al_out *o)
{
	return o->size ? o->size - 1 - o->len : 0;
}

void al_out_chr(struct al_out *o, char c)
{
	if (!al_out_room(o))
		return;
	o->buf[o->len++] = c;
	o->buf[o->len] = '\0';
}

void al_out_str(struct al_out *o, const char *s)
{
	size_t room = al_out_room(o);
	char *p;

	if (!o->size)
		return;
	p = o->buf + o->len;
	while (room && *s) {
		*p++ = *s++;
		room--;
	}
	*p = '\0';
	o->len = p - o->buf;
}

/*
 * @n digits of @v (the last of them in the last place, leading zeros if
 * @n is more than @v has), written in place: those that fit, from the
 * first, as a copy would truncate.
 */
static void al_out_digits(struct al_out *o, unsigned long long v,
			  unsigned int n, bool hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t room = al_out_room(o);
	unsigned int i = n;
	char *p;

	if (!o->size)
		return;
	p = o->buf + o->len;
	if (n <= room) {
		if (hex) {
			for (; i; v >>= 4)
				p[--i] = digits[v & 0xf];
		} else {
			for (; i; v /= 10)
				p[--i] = (char)('0' + v % 10);
		}
	} else {
		for (; i; v = hex ? v >> 4 : v / 10)
			if (--i < room)
				p[i] = digits[hex ? v & 0xf : v % 10];
		n = room;
	}
	o->len += n;
	o->buf[o->len] = '\0';
}

void al_out_u64(struct al_out *o, unsigned long long v)
{
	unsigned long long t = v;
	unsigned int n = 1;

	while (t >= 10) {
		t /= 10;
		n++;
	}
	al_out_digits(o, v, n, false);
}

void al_out_s64(struct al_out *o, long long v)
{
	if (v < 0) {
		al_out_chr(o, '-');
		/* -(v + 1) + 1: LLONG_MIN has no positive counterpart. */
		al_out_u64(o, (unsigned long long)(-(v + 1)) + 1);
		return;
	}
	al_out_u64(o, (unsigned long long)v);
}

void al_out_hex(struct al_out *o, unsigned long long v, unsigned int width)
{
	unsigned long long t;
	unsigned int n = 1;

	for (t = v >> 4; t; t >>= 4)
		n++;
	if (width > 16)
		width = 16;
	al_out_digits(o, v, n > width ? n : width, true);
}

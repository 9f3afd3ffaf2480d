/*
 * Finding fingerprints: stable across runs, row moves and edits to
 * unrelated columns, so that a baseline keeps matching the same risk.
 *
 * The fingerprint hashes the rule ID, the deal id (or name), the
 * normalised feature and the item id (or normalised title); for OVP201
 * the file, column and cell text and the message; never a line number.
 * The hash is 128 bits made of two independent 64-bit FNV-1a variants,
 * written as 32 hex digits: collisions are not a practical concern for
 * the few thousand findings a baseline holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/finding.h>
#include <overpromise/text.h>

#include "finding_impl.h"

typedef struct hasher {
	uint64_t a, b;
} hasher;

static void
hash_bytes(hasher *h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h->a = (h->a ^ p[i]) * 0x100000001b3ULL;
		h->b = (h->b ^ p[i]) * 0x9e3779b97f4a7c15ULL;
		h->b ^= h->b >> 29;
	}
}

/* Hash a field followed by a separator that no text contains. */
static void
hash_field(hasher *h, const char *s)
{
	static const unsigned char sep = 0x1f;

	if (s != NULL)
		hash_bytes(h, s, strlen(s));
	hash_bytes(h, &sep, 1);
}

/* Hash s normalised; norm is that normalisation when the caller has it, else NULL. */
static void
hash_normalized(hasher *h, const char *s, const char *norm)
{
	char *own = NULL;

	if (norm == NULL && s != NULL)
		norm = own = ovp_normalize(s, strlen(s));
	hash_field(h, norm != NULL ? norm : s);
	free(own);
}

/* Write v as 16 lower-case hex digits. */
static void
put_hex(char *out, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 15; i >= 0; i--) {
		out[i] = hex[v & 0xF];
		v >>= 4;
	}
}

void
ovp_finding_fingerprint(ovp_finding *f)
{
	ovp_finding_fingerprint_normalized(f, NULL, NULL);
}

void
ovp_finding_fingerprint_normalized(ovp_finding *f, const char *feature_norm,
                                   const char *title_norm)
{
	hasher h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
	const ovp_rule *rule = ovp_rule_get(f->rule);

	hash_field(&h, rule != NULL ? rule->code : "");
	if (f->deal != NULL)
		hash_field(&h, f->deal->id[0] != '\0' ? f->deal->id : f->deal->name);
	else
		hash_field(&h, "");
	if (f->promise != NULL)
		hash_normalized(&h, f->promise->feature, feature_norm);
	else
		hash_field(&h, NULL);
	if (f->item != NULL) {
		if (f->item->id[0] != '\0')
			hash_field(&h, f->item->id);
		else
			hash_normalized(&h, f->item->title, title_norm);
	} else {
		hash_field(&h, "");
	}
	if (f->problem != NULL) {
		hash_field(&h, f->problem->file);
		hash_field(&h, f->problem->column);
		hash_field(&h, f->problem->value);
		hash_field(&h, f->problem->message);
	}
	if (f->currency != NULL)
		hash_field(&h, f->currency);
	put_hex(f->fingerprint, h.a);
	put_hex(f->fingerprint + 16, h.b);
	f->fingerprint[32] = '\0';
}

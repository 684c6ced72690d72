/* SPDX-License-Identifier: MIT */
/* hash.c: FNV-1a and XXH64.
 *
 * XXH64 is written from its published description (four 64-bit lanes, 32
 * bytes a step) and reads words little-endian as the definition says, so
 * its values are the published ones on any machine.  tools/embed.c is
 * compiled with this file for the build machine: it needs nothing but the
 * C library. */
#include "config.h"

#include <string.h>

#include "hash.h"

/* ---- FNV-1a ------------------------------------------------------------ */

#define FNV1A64_PRIME UINT64_C(0x100000001b3)

uint64_t hash_fnv1a64_add(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	while (n--)
		h = (h ^ *p++) * FNV1A64_PRIME;
	return h;
}

uint64_t hash_fnv1a64_str(uint64_t h, const char *s)
{
	return hash_fnv1a64_add(h, s, strlen(s));
}

uint64_t hash_fnv1a64(const void *data, size_t n)
{
	return hash_fnv1a64_add(HASH_FNV1A64_INIT, data, n);
}

/* ---- XXH64 ------------------------------------------------------------- */

#define P1 UINT64_C(0x9E3779B185EBCA87)
#define P2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define P3 UINT64_C(0x165667B19E3779F9)
#define P4 UINT64_C(0x85EBCA77C2B2AE63)
#define P5 UINT64_C(0x27D4EB2F165667C5)

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* Compilers turn these into one load on a little-endian machine. */
static inline uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static inline uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t xxh_round(uint64_t acc, uint64_t in)
{
	acc += in * P2;
	acc = rotl64(acc, 31);
	return acc * P1;
}

static inline uint64_t xxh_merge(uint64_t acc, uint64_t v)
{
	acc ^= xxh_round(0, v);
	return acc * P1 + P4;
}

uint64_t hash_xxh64(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data, *end = n ? p + n : p;
	uint64_t h;

	if (n >= 32) {
		uint64_t v1 = seed + P1 + P2, v2 = seed + P2;
		uint64_t v3 = seed, v4 = seed - P1;

		do {
			v1 = xxh_round(v1, rd64(p));
			v2 = xxh_round(v2, rd64(p + 8));
			v3 = xxh_round(v3, rd64(p + 16));
			v4 = xxh_round(v4, rd64(p + 24));
			p += 32;
		} while ((size_t)(end - p) >= 32);
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = xxh_merge(h, v1);
		h = xxh_merge(h, v2);
		h = xxh_merge(h, v3);
		h = xxh_merge(h, v4);
	} else {
		h = seed + P5;
	}
	h += (uint64_t)n;
	while ((size_t)(end - p) >= 8) {
		h ^= xxh_round(0, rd64(p));
		h = rotl64(h, 27) * P1 + P4;
		p += 8;
	}
	if ((size_t)(end - p) >= 4) {
		h ^= (uint64_t)rd32(p) * P1;
		h = rotl64(h, 23) * P2 + P3;
		p += 4;
	}
	while (p < end) {
		h ^= *p++ * P5;
		h = rotl64(h, 11) * P1;
	}
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

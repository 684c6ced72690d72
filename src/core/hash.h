/* SPDX-License-Identifier: MIT */
/* hash.h: the project's hash functions.
 *
 * FNV-1a (64 bits) names things that are saved or compared across runs:
 * checklist step keys, shortened case file names, the built-in pack's id.
 * It must never change.  XXH64 hashes file contents and checksums the
 * index cache: fast over long inputs.  Both follow their published
 * definitions (tests/test_hash.c checks the published test vectors). */
#ifndef ENROLLKB_HASH_H
#define ENROLLKB_HASH_H

#include <stddef.h>
#include <stdint.h>

/* ---- FNV-1a, 64 bits --------------------------------------------------- */

#define HASH_FNV1A64_INIT UINT64_C(0xcbf29ce484222325)

/* Continues hash h (start from HASH_FNV1A64_INIT) over n bytes. */
uint64_t hash_fnv1a64_add(uint64_t h, const void *data, size_t n);
/* ... over the bytes of s, without its NUL. */
uint64_t hash_fnv1a64_str(uint64_t h, const char *s);
/* FNV-1a of n bytes. */
uint64_t hash_fnv1a64(const void *data, size_t n);

/* ---- XXH64 ------------------------------------------------------------- */

uint64_t hash_xxh64(const void *data, size_t n, uint64_t seed);

#endif

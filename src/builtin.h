/* builtin.h: the shipped content pack, embedded by src/embed at build time
 * into builtin_content.c. */
#ifndef ENROLLKB_BUILTIN_H
#define ENROLLKB_BUILTIN_H

#include <stddef.h>
#include <stdint.h>

#include "pack.h"

extern const struct pack_file builtin_pack[];
extern const size_t builtin_pack_count;
/* Addition: a hash of the names and bytes above, computed by embed. */
extern const uint64_t builtin_pack_id;

#endif

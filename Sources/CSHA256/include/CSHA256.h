#ifndef GLIDEPATH_CSHA256_H
#define GLIDEPATH_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (x86-64 SHA-NI) that
/// glidepath_sha256_blocks uses.
int glidepath_sha256_hardware(void);

/// Compresses `blocks` 64-byte blocks of `data` into `state` (FIPS 180-4, 6.2.2) with the SHA
/// extensions, with the caller's 64 round constants (Digest's one table). Only to be called
/// when glidepath_sha256_hardware() answered 1.
void glidepath_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t round_constants[64]);

#endif

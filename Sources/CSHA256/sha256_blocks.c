// SHA-256 block compression with the x86 SHA extensions: the four-round instruction
// (sha256rnds2, two rounds per call) and the message-schedule helpers (sha256msg1,
// sha256msg2), as Intel's "Intel SHA Extensions" paper (2013) lays out their use. The state
// lives in two registers as ABEF and CDGH, the order sha256rnds2 reads. Digest's Swift
// implementation is the fallback and the reference the tests compare this against.
#include "CSHA256.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int glidepath_sha256_hardware(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int sha = (ebx >> 29) & 1;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    return sha && ssse3 && sse41;
}


__attribute__((target("sha,ssse3,sse4.1")))
void glidepath_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t round_constants[64]) {
    // Big-endian words from the input bytes.
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

    // state[0..3] = A B C D, state[4..7] = E F G H  ->  ABEF and CDGH.
    __m128i abcd = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(abcd, 0xB1);
    __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, hgfe, 8);
    __m128i cdgh = _mm_blend_epi16(hgfe, cdab, 0xF0);

    while (blocks--) {
        const __m128i abef_before = abef;
        const __m128i cdgh_before = cdgh;
        // The last four message vectors, oldest first: w[0] = W[i-16..i-13] ... w[3] = W[i-4..i-1].
        __m128i w[4];
        for (int group = 0; group < 16; group++) {
            __m128i words;
            if (group < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + group * 16)), byte_swap);
            } else {
                // W[i] = W[i-16] + s0(W[i-15]) + W[i-7] + s1(W[i-2]), four words at a time.
                __m128i partial = _mm_sha256msg1_epu32(w[0], w[1]);
                partial = _mm_add_epi32(partial, _mm_alignr_epi8(w[3], w[2], 4));
                words = _mm_sha256msg2_epu32(partial, w[3]);
                w[0] = w[1];
                w[1] = w[2];
                w[2] = w[3];
            }
            if (group < 4) {
                w[group] = words;
            } else {
                w[3] = words;
            }
            __m128i message = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&round_constants[group * 4]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
        data += 64;
    }

    // ABEF and CDGH back to ABCD and EFGH.
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    abcd = _mm_blend_epi16(feba, dchg, 0xF0);
    efgh = _mm_alignr_epi8(dchg, feba, 8);
    _mm_storeu_si128((__m128i *)&state[0], abcd);
    _mm_storeu_si128((__m128i *)&state[4], efgh);
}

#else

int glidepath_sha256_hardware(void) { return 0; }

void glidepath_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t round_constants[64]) {
    (void)state;
    (void)round_constants;
    (void)data;
    (void)blocks;
}

#endif

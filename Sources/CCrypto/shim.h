#ifndef CCRYPTO_SHIM_H
#define CCRYPTO_SHIM_H
/* Only libcrypto: HMAC, digests, random bytes, constant-time compare. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

/*
 * SHA-256 with the state in a caller's struct. OpenSSL 3 deprecates these low-level calls in favour of
 * EVP contexts, but an EVP context is heap-allocated and copying one allocates again and touches the
 * shared digest object's reference count; Signing.HMACKey keeps the HMAC key's inner and outer states
 * as plain structs and copies them by value for each message. Same SHA-256 code underneath.
 */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
static inline int ctj_sha256_init(SHA256_CTX *context) { return SHA256_Init(context); }
static inline int ctj_sha256_update(SHA256_CTX *context, const void *bytes, size_t count) {
    return SHA256_Update(context, bytes, count);
}
static inline int ctj_sha256_final(unsigned char *digest, SHA256_CTX *context) { return SHA256_Final(digest, context); }
#pragma clang diagnostic pop
#endif

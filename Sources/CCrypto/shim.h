#ifndef CCRYPTO_SHIM_H
#define CCRYPTO_SHIM_H
/* Only libcrypto: HMAC, digests, random bytes, constant-time compare. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#endif

// The few calls of the system's OpenSSL libcrypto that DKIM signing needs, wrapped so that Swift sees typed,
// non-variadic functions and no macros.
#ifndef BULLETIN_COPENSSL_SHIM_H
#define BULLETIN_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

/// Reads a PEM private key (PKCS #1 or PKCS #8) from memory; NULL when it is not one.
static inline EVP_PKEY *copenssl_read_private_key(const char *pem, int length) {
    BIO *bio = BIO_new_mem_buf(pem, length);
    if (bio == NULL) return NULL;
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return key;
}

/// Whether `key` is an RSA key.
static inline int copenssl_key_is_rsa(const EVP_PKEY *key) { return EVP_PKEY_get_id(key) == EVP_PKEY_RSA; }

/// Whether `key` is an Ed25519 key.
static inline int copenssl_key_is_ed25519(const EVP_PKEY *key) { return EVP_PKEY_get_id(key) == EVP_PKEY_ED25519; }

/// A context that signs SHA-256 digests with `key` as RSASSA-PKCS1-v1_5 (RFC 8017 §8.2), reusable for many
/// signatures by one thread at a time; NULL on failure.
static inline EVP_PKEY_CTX *copenssl_rsa_sha256_context(EVP_PKEY *key) {
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(key, NULL);
    if (context == NULL) return NULL;
    if (EVP_PKEY_sign_init(context) != 1 || EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) != 1
        || EVP_PKEY_CTX_set_signature_md(context, EVP_sha256()) != 1) {
        EVP_PKEY_CTX_free(context);
        return NULL;
    }
    return context;
}

/// Signs a 32-byte SHA-256 digest; returns the signature's length, or 0 on failure.
static inline size_t copenssl_rsa_sign(EVP_PKEY_CTX *context, const unsigned char *digest, unsigned char *signature,
                                       size_t capacity) {
    size_t length = capacity;
    if (EVP_PKEY_sign(context, signature, &length, digest, 32) != 1) return 0;
    return length;
}

/// A context that signs with the Ed25519 `key` (RFC 8032, pure), reusable for many signatures by one thread at a
/// time; NULL on failure.
static inline EVP_MD_CTX *copenssl_ed25519_context(EVP_PKEY *key) {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context == NULL) return NULL;
    if (EVP_DigestSignInit(context, NULL, NULL, NULL, key) != 1) {
        EVP_MD_CTX_free(context);
        return NULL;
    }
    return context;
}

/// Signs `count` bytes of `data` with Ed25519; returns the signature's length (64), or 0 on failure.
static inline size_t copenssl_ed25519_sign(EVP_MD_CTX *context, const unsigned char *data, size_t count,
                                           unsigned char *signature, size_t capacity) {
    size_t length = capacity;
    if (EVP_DigestSign(context, signature, &length, data, count) != 1) return 0;
    return length;
}

#endif

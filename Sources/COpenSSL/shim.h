#ifndef NEWSLETTER_COPENSSL_SHIM_H
#define NEWSLETTER_COPENSSL_SHIM_H
// The system's libcrypto (already in the process through libcurl), for RSA signing: its
// assembly for this machine's CPU signs RSA-2048 about twice as fast as the BoringSSL
// inside swift-crypto here.
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#endif

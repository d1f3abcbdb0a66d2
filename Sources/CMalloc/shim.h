#ifndef NEWSLETTER_CMALLOC_SHIM_H
#define NEWSLETTER_CMALLOC_SHIM_H
// glibc's malloc tuning (mallopt), which the Glibc module does not carry.
#ifdef __linux__
#include <malloc.h>
#endif
#endif

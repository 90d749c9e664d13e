#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* libxml2's headers live in /usr/include/libxml2 (pkg-config libxml-2.0 adds it). */
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, so encoding.h would include the system's <unicode/ucnv.h>; its
   UErrorCode clashes with Foundation's own ICU module in any Swift file that sees both. We never touch
   the ICU-only fields of xmlCharEncodingHandler, so hiding them from Swift is safe. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/tree.h>
#endif

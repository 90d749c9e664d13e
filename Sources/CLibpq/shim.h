#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
/* libpq's header lives in /usr/include/postgresql (pkg-config libpq adds it). */
#include <libpq-fe.h>
#endif

#include "csat.h"

const char *csat_strerror(int status)
{
    switch (status) {
    case CSAT_OK: return "success";
    case CSAT_EINVAL: return "invalid argument";
    case CSAT_ENOMEM: return "out of memory";
    case CSAT_EDOM: return "result undefined for these arguments (domain error)";
    case CSAT_EEMPTY: return "empty input";
    case CSAT_ENOCONV: return "iteration did not converge";
    case CSAT_EMISUSE: return "function called out of order (misuse)";
    case CSAT_EINTERNAL: return "internal error in libcsat";
    case CSAT_EVERSION: return "unsupported options version";
    case CSAT_EBUFSIZE: return "output buffer too small";
    default: return "unknown status code";
    }
}

const char *csat_version_string(void) { return CSAT_VERSION_STRING; }
unsigned int csat_version_number(void) { return CSAT_VERSION_NUMBER; }
unsigned int csat_soversion(void) { return CSAT_SOVERSION; }

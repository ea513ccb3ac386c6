/* Compiled with -std=c11 -pedantic -Werror: the public header must be clean. */
#include "csat.h"

int csat_header_c11_check(void);
int csat_header_c11_check(void) { return CSAT_OK + (int)sizeof(csat_allocator); }

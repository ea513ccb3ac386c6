// The public header must be usable from C++.
#include "csat.h"

int csat_header_cpp_check();
int csat_header_cpp_check() { return static_cast<int>(CSAT_OK) + static_cast<int>(sizeof(csat_scale)); }

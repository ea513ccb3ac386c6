/* Gauss hypergeometric series with a = 1, used by the sBG discounted
 * lifetimes (DEL/DERL). Owned by the retention module. */
#include "numerics.h"

#include <math.h>

double csat__hyp2f1_1bc(double b, double c, double z)
{
    /* sum_j (b)_j/(c)_j z^j: the term ratio (b+j)/(c+j) z tends to z < 1, so
     * once it is below 1 the remaining tail is bounded by a geometric series
     * and the loop can stop as soon as that bound is negligible. */
    csat__ksum s = {0.0, 0.0};
    double term = 1.0;
    if (!(b > 0.0) || !(c > 0.0) || !(z >= 0.0) || !(z < 1.0))
        return NAN;
    for (size_t j = 0; j < (size_t)1e9; j++) {
        double ratio = (b + (double)j) / (c + (double)j) * z;
        csat__ksum_add(&s, term);
        term *= ratio;
        if (ratio < 1.0 && term <= 1e-17 * (1.0 - ratio) * csat__ksum_value(&s))
            break;
    }
    return csat__ksum_value(&s);
}

/* Getting started in C: BG/NBD with the published CDNOW parameters. */
#include <csat.h>
#include <stdio.h>

int main(void)
{
    csat_btyd_model *bg = NULL;
    const double params[4] = {0.242593, 4.413532, 0.792886, 2.425752}; /* r, alpha, a, b */
    const double x = 2, t_x = 30.43, T = 38.86; /* CDNOW customer 1, in weeks */
    double alive, next39;
    csat_status st = csat_btyd_new(&bg, NULL, CSAT_BTYD_BGNBD);
    if (st == CSAT_OK)
        st = csat_btyd_set_params(bg, params, 4);
    if (st == CSAT_OK)
        st = csat_btyd_p_alive(bg, &x, &t_x, &T, 1, &alive);
    if (st == CSAT_OK)
        st = csat_btyd_expected_purchases(bg, 39.0, &x, &t_x, &T, 1, &next39);
    if (st == CSAT_OK)
        printf("P(alive) %.3f, E[X(39)] %.3f\n", alive, next39);
    else
        fprintf(stderr, "%s: %s\n", csat_strerror(st), bg ? csat_btyd_last_error(bg) : "");
    csat_btyd_free(bg);
    return st == CSAT_OK ? 0 : 1;
}

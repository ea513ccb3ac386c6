/* Getting started in C: Kotler's tractor in a value model. */
#include <csat.h>
#include <stdio.h>

int main(void)
{
    csat_value_model *m = NULL;
    double v[CSAT_VALUE_N_COMPONENTS] = {0};
    double tv, tc, cdv, ratio;
    v[CSAT_VALUE_PRODUCT] = 103000;
    v[CSAT_VALUE_SERVICE] = 7000;
    v[CSAT_COST_MONETARY] = 100000;
    csat_status st = csat_value_model_new(&m, NULL);
    if (st == CSAT_OK)
        st = csat_value_model_add_offering(m, "Caterpillar", v, 0, NULL);
    if (st == CSAT_OK)
        st = csat_value_model_evaluate(m, CSAT_VALUE_MODEL_WEIGHTS, 1.0, &tv, &tc, &cdv, &ratio,
                                       NULL, NULL, 1);
    if (st == CSAT_OK)
        printf("TCV %.0f, TCC %.0f, CDV %.0f, ratio %.2f\n", tv, tc, cdv, ratio);
    else
        fprintf(stderr, "%s: %s\n", csat_strerror(st), m ? csat_value_model_last_error(m) : "");
    csat_value_model_free(m);
    return st == CSAT_OK ? 0 : 1;
}

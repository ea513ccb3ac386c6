/*
 * A worked customer-delivered-value analysis (Kotler): three competing
 * tractors, two customer segments, and what the trailing offering should
 * improve first.
 *
 * The first offering is Kotler's Caterpillar example (Marketing Management,
 * 10th ed.; libcsat's docs/theory/value.rst, section 1): product value 90,000 + 7,000
 * durability + 6,000 reliability, service value 5,000 + 2,000 warranty,
 * price 100,000. Every other number here (the two competitors, the
 * non-monetary costs, the segments' weights and sizes, the choice scale) is
 * ILLUSTRATIVE, made up for the example. Amounts are money-equivalents in
 * dollars over the machine's life.
 *
 * Run `delivered_value --help`.
 */
#include <csat.h>

#include "example_util.h"

#define NC CSAT_VALUE_N_COMPONENTS
#define NO 3
#define NS 2

static const char *const COMPONENT[NC] = {"product", "service", "personnel", "image",
                                          "monetary", "time", "effort", "mental"};

static const char USAGE[] =
    "Usage: delivered_value\n"
    "\n"
    "A worked customer-delivered-value analysis (Kotler): three competing tractors,\n"
    "two customer segments, the delivered value, value/cost ratio and logit choice\n"
    "share of each offering, and what the trailing offering should improve first.\n"
    "It reads no file: the offerings, weights and segment sizes are in the source\n"
    "(examples/delivered_value.c), to be edited for an analysis of one's own.\n"
    "\n"
    "Options:\n"
    "  -h, --help   print this text and exit\n"
    "\n"
    "Exit status 0 on success; 1 with a message on stderr on any error (an argument,\n"
    "or a library error).\n";

/* On a library error: "delivered_value: <call>: <csat_strerror>: <last error>", exit 1. */
#define CHECK(m, call) ex_check((call), #call, (m) ? csat_value_model_last_error(m) : NULL)

static void print_components(csat_value_model *m)
{
    printf("1. Components (money-equivalent $)\n\n%-24s", "");
    for (size_t i = 0; i < NO; i++) {
        const char *name;
        CHECK(m, csat_value_model_offering(m, i, NULL, NULL, &name));
        printf("%14s", name);
    }
    printf("\n");
    for (int k = 0; k < NC; k++) {
        printf("  %-8s %-13s", COMPONENT[k], k < NC / 2 ? "value" : "cost");
        for (size_t i = 0; i < NO; i++) {
            double v[NC];
            CHECK(m, csat_value_model_offering(m, i, v, NULL, NULL));
            printf("%14.0f", v[k]);
        }
        printf("\n");
    }
    printf("\n");
}

/* Totals, delivered value, ratio, rank and choice share for one segment;
 * returns the index of the offering with the lowest delivered value. */
static size_t print_evaluation(csat_value_model *m, size_t seg, double scale)
{
    double tcv[NO], tcc[NO], cdv[NO], ratio[NO], share[NO];
    size_t rank[NO], last = 0;
    CHECK(m, csat_value_model_evaluate(m, seg, scale, tcv, tcc, cdv, ratio, rank, share, NO));
    printf("  %-14s %11s %11s %11s %7s %5s %7s\n", "offering", "total value", "total cost",
           "delivered", "ratio", "rank", "share");
    for (size_t i = 0; i < NO; i++) {
        const char *name;
        CHECK(m, csat_value_model_offering(m, i, NULL, NULL, &name));
        printf("  %-14s %11.0f %11.0f %11.0f %7.3f %5zu %6.1f%%\n", name, tcv[i], tcc[i], cdv[i],
               ratio[i], rank[i], 100.0 * share[i]);
        if (rank[i] > rank[last])
            last = i;
    }
    return last;
}

/* The trailing offering's improvement options in one segment, and the one
 * needing the smallest relative change of a component it already has. */
static void print_improvement(csat_value_model *m, size_t off, size_t seg, double margin)
{
    csat_value_improvement r;
    const char *name, *rival;
    double v[NC];
    int best = -1, steepest = -1;
    double best_rel = 0.0;
    CHECK(m, csat_value_model_improvement(m, off, seg, margin, &r));
    CHECK(m, csat_value_model_offering(m, off, v, NULL, &name));
    CHECK(m, csat_value_model_offering(m, r.rival, NULL, NULL, &rival));
    printf("  %s trails %s by $%.0f of delivered value; to overtake by $%.0f it must gain "
           "$%.0f.\n",
           name, rival, r.gap, margin, r.needed);
    printf("  %-9s %9s %12s %12s %9s  %s\n", "component", "$/unit", "change", "relative",
           "vs rival", "status");
    for (int k = 0; k < NC; k++) {
        const char *vs = r.compare[k] > 0 ? "ahead" : r.compare[k] < 0 ? "behind" : "level";
        printf("  %-9s %+9.2f ", COMPONENT[k], r.gain_per_unit[k]);
        if (r.status[k] == CSAT_VALUE_REACHABLE) {
            double sign = k < NC / 2 ? 1.0 : -1.0;
            printf("%+12.0f ", sign * r.required[k]);
            if (steepest < 0 || fabs(r.gain_per_unit[k]) > fabs(r.gain_per_unit[steepest]))
                steepest = k;
            if (v[k] > 0.0) {
                double rel = r.required[k] / v[k];
                printf("%+11.1f%% ", 100.0 * sign * rel);
                if (best < 0 || rel < best_rel) {
                    best = k;
                    best_rel = rel;
                }
            } else {
                printf("%12s ", "(from 0)");
            }
            printf("%9s  reachable\n", vs);
        } else {
            const char *why = r.status[k] == CSAT_VALUE_NO_EFFECT  ? "weight 0: no effect"
                              : r.status[k] == CSAT_VALUE_LEADS    ? "already leads"
                                                                   : "infeasible (cost would go below 0)";
            printf("%12s %12s %9s  %s\n", "-", "-", vs, why);
        }
    }
    if (best >= 0)
        printf("  -> First improve %s: a %.1f%% %s of its current level closes the gap\n"
               "     (each $1 of it is worth $%.2f of delivered value).\n",
               COMPONENT[best], 100.0 * best_rel, best < NC / 2 ? "increase" : "cut",
               fabs(r.gain_per_unit[best]));
    if (steepest >= 0 && steepest != best)
        printf("     %s pays most per $1 of change ($%.2f) but would need $%.0f of it.\n",
               COMPONENT[steepest], fabs(r.gain_per_unit[steepest]), r.required[steepest]);
}

int main(int argc, char **argv)
{
    /* product, service, personnel, image | monetary, time, effort, mental */
    const double caterpillar[NC] = {90000 + 7000 + 6000, 5000 + 2000, 0, 0, 100000, 0, 0, 0};
    const double contender[NC] = {95000, 4000, 2000, 1000, 90000, 2000, 1000, 1000};
    const double budget[NC] = {88000, 2000, 1000, 0, 80000, 4000, 3000, 2000};
    /* contractors lose money when a machine stands still: service and time
     * weigh more; farmers watch the price, do more repairs themselves and
     * mind downtime less. */
    const double w_contractors[NC] = {1, 1.5, 1, 0.5, 1, 2, 1, 1};
    const double w_farmers[NC] = {1, 0.5, 1, 0.5, 1.05, 0.5, 1, 1};
    const char *seg_name[NS] = {"contractors", "farmers"};
    const double seg_size[NS] = {600, 400};
    /* logit scale: a $2,000 delivered-value lead multiplies the odds of
     * being chosen by e. */
    const double scale = 1.0 / 2000.0;
    const double margin = 500.0; /* "overtake" = lead by at least $500 */
    csat_value_model *m = NULL;
    double market[NO];
    size_t seg[NS], trailing[NS];

    ex_start(argc, argv, "delivered_value", USAGE);
    if (argc > 1)
        ex_fail("takes no arguments, got '%.60s' (try --help)", argv[1]);
    CHECK(m, csat_value_model_new(&m, NULL));
    CHECK(m, csat_value_model_add_offering(m, "Caterpillar", caterpillar, 0, NULL));
    CHECK(m, csat_value_model_add_offering(m, "Contender", contender, 1, NULL));
    CHECK(m, csat_value_model_add_offering(m, "Budget", budget, 1, NULL));
    CHECK(m, csat_value_model_add_segment(m, seg_name[0], w_contractors, seg_size[0], &seg[0]));
    CHECK(m, csat_value_model_add_segment(m, seg_name[1], w_farmers, seg_size[1], &seg[1]));

    printf("Customer delivered value: three tractors, two segments\n"
           "=======================================================\n"
           "Caterpillar is Kotler's example (TCV $110,000 at $100,000); the rest is\n"
           "illustrative. Delivered value = total value - total cost; ratio = value/cost;\n"
           "share = logit choice on delivered value, scale 1/$2,000.\n\n");
    print_components(m);

    printf("2. Textbook view (all weights 1)\n\n");
    print_evaluation(m, CSAT_VALUE_MODEL_WEIGHTS, scale);
    printf("  Kotler check: Caterpillar delivers $10,000 at a value-price ratio of 1.10.\n\n");

    printf("3. By segment\n");
    for (int s = 0; s < NS; s++) {
        double w[NC];
        CHECK(m, csat_value_model_segment(m, seg[s], w, NULL, NULL));
        printf("\n  Segment '%s' (%.0f customers)\n  weights:", seg_name[s], seg_size[s]);
        for (int k = 0; k < NC; k++)
            printf(" %s %g%s", COMPONENT[k], w[k], k + 1 < NC ? "," : "\n");
        trailing[s] = print_evaluation(m, seg[s], scale);
    }

    CHECK(m, csat_value_model_market_share(m, scale, market, NO));
    printf("\n  Market share (segments weighted by size):");
    for (size_t i = 0; i < NO; i++) {
        const char *name;
        CHECK(m, csat_value_model_offering(m, i, NULL, NULL, &name));
        printf(" %s %.1f%%%s", name, 100.0 * market[i], i + 1 < NO ? "," : "\n");
    }

    printf("\n4. What the trailing offering should improve first\n");
    for (int s = 0; s < NS; s++) {
        printf("\n  Segment '%s':\n", seg_name[s]);
        print_improvement(m, trailing[s], seg[s], margin);
    }
    printf("\n(Changes are for one component alone; 'relative' is the change as a share of\n"
           "the component's current level; costs can only be cut down to zero.)\n");
    csat_value_model_free(m);
    return 0;
}

/*
 * 16-point Gauss-Legendre rule on [-1, 1] (positive nodes, weights; the
 * rule is symmetric), shared by the panel quadratures of the BG/BB tail
 * (btyd_bgbb.c) and the Pareto/NBD cliff moments (btyd_pnbd_quad.c),
 * which need several integrands on one set of nodes. Exact for degree 31:
 * a panel over which the log-integrand changes by up to ~8 is integrated
 * to ~1e-17.
 */
#include "btyd/btyd_internal.h"

const double csat__gl16_x[8] = {0.0950125098376374402, 0.2816035507792589133, 0.4580167776572273863,
                                0.6178762444026437484, 0.7554044083550030339, 0.8656312023878317439,
                                0.9445750230732325761, 0.9894009349916499326};
const double csat__gl16_w[8] = {0.1894506104550684963, 0.1826034150449235889, 0.1691565193950025382,
                                0.1495959888165767321, 0.1246289712555338720, 0.0951585116824927848,
                                0.0622535239386478929, 0.0271524594117540949};

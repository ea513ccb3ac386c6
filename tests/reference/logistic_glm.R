# Reference values for tests/retention/test_logistic_infer.c and the Python
# LogisticChurn tests (issue 15 section 5): R's glm(family = binomial) on the
# Telco churn data, unweighted and with case (frequency) weights, its Wald
# inference (summary(f)$coefficients, confint.default) and deviances; and an
# independent penalised Newton (R's solve, not glm: glm has no penalty) for
# the L2 convention of csat_logistic_fit: maximise
#   sum_i w_i log L_i - (l2/2) sum_{j >= 1} b_j^2   (the intercept b_0 is not penalised)
# whose standard errors are sqrt(diag((X'WX + P)^-1)), P = l2 on the slopes.
# Run: Rscript tests/reference/logistic_glm.R > tests/reference/logistic_glm.txt
d <- read.csv("tests/data/telco_churn.csv")
d$churned <- as.numeric(d$churn == "Yes")
d$contract_1yr <- as.numeric(d$contract == "One year")
d$contract_2yr <- as.numeric(d$contract == "Two year")
n <- nrow(d)
i0 <- seq_len(n) - 1
d$w_int <- (i0 * 7) %% 5            # integer weights 0..4 (zeros included)
d$w_frac <- 0.25 + (i0 %% 4) / 4    # fractional weights 0.25, 0.5, 0.75, 1
form <- churned ~ tenure + monthly_charges + senior_citizen + paperless_billing +
    contract_1yr + contract_2yr
ctl <- glm.control(epsilon = 1e-15, maxit = 100)
g <- function(s) sprintf("%.17g", s)
out <- function(tag, f, level = 0.9) {
    s <- summary(f)$coefficients
    ci <- confint.default(f, level = level)
    cat(tag, "coef", g(s[, 1]), "\n")
    cat(tag, "se", g(s[, 2]), "\n")
    cat(tag, "z", g(s[, 3]), "\n")
    cat(tag, "p", g(s[, 4]), "\n")
    cat(tag, "lower90", g(ci[, 1]), "\n")
    cat(tag, "upper90", g(ci[, 2]), "\n")
    cat(tag, "null_deviance", g(f$null.deviance), "\n")
    cat(tag, "deviance", g(f$deviance), "\n")
    cat(tag, "df_null", g(f$df.null), "\n")
    cat(tag, "df_residual", g(f$df.residual), "\n")
    cat(tag, "aic", g(f$aic), "\n")
    # glm's vcov uses the IRLS weights of its last iteration but one, ~1e-8
    # off; the inverse information at glm's final estimates, by solve():
    X <- model.matrix(f)
    mu <- drop(1 / (1 + exp(-X %*% coef(f))))
    H <- crossprod(X, X * (f$prior.weights * mu * (1 - mu)))
    cat(tag, "se_at_mle", g(sqrt(diag(solve(H)))), "\n")
}
cat("#", R.version.string, "\n")
out("plain", glm(form, family = binomial, data = d, control = ctl))
out("wint", glm(form, family = binomial, data = d, weights = w_int, control = ctl))
# non-integer weights: glm warns "non-integer #successes"; its AIC rounds the
# weights, so only the estimates, inference and deviances are compared
out("wfrac", suppressWarnings(glm(form, family = binomial, data = d, weights = w_frac,
                                  control = ctl)))
# no intercept
out("noint", glm(update(form, . ~ . - 1), family = binomial, data = d, weights = w_int,
                 control = ctl))
# the penalised fit, independently: Newton with R's solve()
X <- cbind(1, as.matrix(d[, c("tenure", "monthly_charges", "senior_citizen",
                              "paperless_billing", "contract_1yr", "contract_2yr")]))
ridge <- function(l2, w) {
    P <- diag(c(0, rep(l2, ncol(X) - 1)))
    b <- rep(0, ncol(X))
    for (it in 1:100) {
        mu <- 1 / (1 + exp(-drop(X %*% b)))
        gr <- crossprod(X, w * (d$churned - mu)) - P %*% b
        H <- crossprod(X, X * (w * mu * (1 - mu))) + P
        step <- solve(H, gr)
        b <- b + drop(step)
        if (max(abs(step)) < 1e-15 * max(1, max(abs(b)))) break
    }
    mu <- 1 / (1 + exp(-drop(X %*% b)))
    H <- crossprod(X, X * (w * mu * (1 - mu))) + P
    ll <- sum(w * (d$churned * log(mu) + (1 - d$churned) * log(1 - mu)))
    list(coef = b, se = sqrt(diag(solve(H))), ll = ll)
}
r <- ridge(25, d$w_int)
cat("ridge25_wint coef", g(r$coef), "\n")
cat("ridge25_wint se", g(r$se), "\n")
cat("ridge25_wint loglik", g(r$ll), "\n")

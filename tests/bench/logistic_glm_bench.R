# R's side of tests/bench/bench_logistic.c --r (issue 15 section 5): glm(family =
# binomial, default glm.control) on the data the benchmark wrote (1,000,000 x 10)
# and on the bundled Telco data (the model of tests/reference/logistic_glm.R);
# prints the best of 3 fit times (wall and CPU), the ratios to libcsat's, and
# the largest difference between R's and libcsat's coefficients, relative to R's
# standard errors and absolute.
# Arguments: the CSV, the Telco CSV, then libcsat's file of results (one line
# per data set: name, wall s, CPU s, coefficients intercept first).
args <- commandArgs(trailingOnly = TRUE)
lines <- strsplit(readLines(args[3]), " ")
res <- setNames(lapply(lines, function(v) as.numeric(v[-1])), sapply(lines, `[`, 1))
side <- function(tag, f, d, reps) {
  best <- Inf
  best_cpu <- Inf
  for (r in seq_len(reps)) {
    tm <- system.time(fit <- glm(f, family = binomial, data = d))
    best <- min(best, tm[["elapsed"]])
    best_cpu <- min(best_cpu, tm[["user.self"]] + tm[["sys.self"]])
  }
  cs <- res[[tag]]
  b <- coef(fit)
  se <- sqrt(diag(vcov(fit)))
  cat(sprintf("R %s glm(binomial) on %s (%d x %d): best of %d %.4f s wall, %.4f s CPU; %d IRLS iterations, LL %.6f\n",
              getRversion(), tag, nrow(d), length(b) - 1, reps, best, best_cpu, fit$iter, logLik(fit)))
  cat(sprintf("  coefficients: max |libcsat - R| = %.3g (%.3g R standard errors)\n",
              max(abs(cs[-(1:2)] - b)), max(abs(cs[-(1:2)] - b) / se)))
  cat(sprintf("  libcsat is %.1fx faster than R's glm (wall), %.1fx (CPU)\n", best / cs[1],
              best_cpu / cs[2]))
}
d <- read.csv(args[1])
side("synthetic", as.formula(paste("y ~", paste(sprintf("x%d", 0:9), collapse = " + "))), d, 3)
t <- read.csv(args[2])
t$churned <- as.numeric(t$churn == "Yes")
t$contract_1yr <- as.numeric(t$contract == "One year")
t$contract_2yr <- as.numeric(t$contract == "Two year")
side("telco", churned ~ tenure + monthly_charges + senior_citizen + paperless_billing +
       contract_1yr + contract_2yr, t, 20)

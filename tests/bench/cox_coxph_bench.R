# R's side of tests/bench/bench_cox.c --r: survival::coxph (Efron, default
# control) on the data the benchmark wrote; prints the best of 3 fit times
# and the ratio to libcsat's time (the second argument).
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
f <- as.formula(paste("Surv(time, event) ~", paste(sprintf("x%d", 0:9), collapse = " + ")))
best <- Inf
for (r in 1:3) {
  tm <- system.time(fit <- coxph(f, data = d))[["elapsed"]]
  best <- min(best, tm)
}
csat <- as.numeric(args[2])
cat(sprintf("R %s, survival %s coxph: best of 3 %.3f s wall; %d iterations, LL %.6f\n",
            getRversion(), packageVersion("survival"), best, fit$iter, fit$loglik[2]))
cat(sprintf("  coef[1..3] %.6f %.6f %.6f (se %.6f)\n", coef(fit)[1], coef(fit)[2], coef(fit)[3],
            sqrt(fit$var[1, 1])))
cat(sprintf("libcsat is %.1fx faster than R's coxph\n", best / csat))

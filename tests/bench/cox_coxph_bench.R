# R's side of tests/bench/bench_cox.c --r: survival::coxph (Efron, default
# control) on the data the benchmark wrote; prints the best of 3 fit times
# (wall and CPU) and the ratios to libcsat's (the second and third arguments).
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
f <- as.formula(paste("Surv(time, event) ~", paste(sprintf("x%d", 0:9), collapse = " + ")))
best <- Inf
best_cpu <- Inf
for (r in 1:3) {
  tm <- system.time(fit <- coxph(f, data = d))
  best <- min(best, tm[["elapsed"]])
  best_cpu <- min(best_cpu, tm[["user.self"]] + tm[["sys.self"]])
}
csat <- as.numeric(args[2])
csat_cpu <- as.numeric(args[3])
cat(sprintf("R %s, survival %s coxph: best of 3 %.3f s wall, %.3f s CPU; %d iterations, LL %.6f\n",
            getRversion(), packageVersion("survival"), best, best_cpu, fit$iter, fit$loglik[2]))
cat(sprintf("  coef[1..3] %.6f %.6f %.6f (se %.6f)\n", coef(fit)[1], coef(fit)[2], coef(fit)[3],
            sqrt(fit$var[1, 1])))
cat(sprintf("libcsat is %.1fx faster than R's coxph (wall), %.1fx (CPU)\n", best / csat,
            best_cpu / csat_cpu))

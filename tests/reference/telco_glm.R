# Reference fit for tests/retention/test_logistic.c (the model of /work/shared/data/README.md).
# Run: Rscript tests/reference/telco_glm.R > tests/reference/telco_glm.txt
d <- read.csv("tests/data/telco_churn.csv")
d$churned <- d$churn == "Yes"
d$contract_1yr <- d$contract == "One year"
d$contract_2yr <- d$contract == "Two year"
f <- glm(churned ~ tenure + monthly_charges + senior_citizen + paperless_billing +
         contract_1yr + contract_2yr, family = binomial, data = d,
         control = glm.control(epsilon = 1e-14, maxit = 100))
cat("#", R.version.string, "\n")
cat("coef", sprintf("%.17g", coef(f)), "\n")
cat("se", sprintf("%.17g", sqrt(diag(vcov(f)))), "\n")
cat("loglik", sprintf("%.17g", as.numeric(logLik(f))), "\n")
cat("aic", sprintf("%.17g", AIC(f)), "\n")
f8 <- update(f, control = glm.control())
cat("coef_default_control", sprintf("%.17g", coef(f8)), "\n")
cat("loglik_default_control", sprintf("%.17g", as.numeric(logLik(f8))), "\n")

# The Cox fits and new rows shared by the prediction reference scripts
# (tests/reference/cox_survfit.R, cox_median_ci.R, cox_rmst.R): each calls
# cox_cases(ref), which calls ref(name, fit, newdata, vars, strata_var,
# times, horizon) once per case, in this order:
#   lp_efron, lp_breslow, lp_wrobust  lung (Efron; Breslow; weighted, robust)
#   vp_strata, vp_split               veteran (strata by cell type; split at 90, 180 days)
#   op_efron                          ovarian
#   tp_efron, tp_breslow              telco (tests/data/telco_churn.csv)
# before_vet(vet), when given, runs before the veteran cases (cox_survfit.R
# writes the cell codes there). Sourced from the repository root.
# Data: the survival package's lung, veteran and ovarian data sets (Therneau,
# survival package for R, LGPL >= 2; see tests/data/README.md) -- the same
# rows as tests/reference/cox_coxph.R writes into cox_reference.h -- and the
# bundled telco data.
suppressMessages(library(survival))
cox_cases <- function(ref, before_vet = NULL) {
  lung2 <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
  lung2$event <- lung2$status - 1
  lung2$w <- 1 + (seq_len(nrow(lung2)) %% 3) / 2
  lv <- c("age", "sex", "ph.ecog")
  lnew <- data.frame(age = c(50, 65, 74), sex = c(1, 2, 1), ph.ecog = c(0, 1, 3))
  ltt <- c(0, 4, 5, 100, 310, 700, 1100)
  ref("lp_efron", coxph(Surv(time, event) ~ age + sex + ph.ecog, lung2), lnew, lv, NULL, ltt, 600)
  ref("lp_breslow", coxph(Surv(time, event) ~ age + sex + ph.ecog, lung2, ties = "breslow"),
      lnew, lv, NULL, ltt, 600)
  ref("lp_wrobust", coxph(Surv(time, event) ~ age + sex + ph.ecog, lung2, weights = w, robust = TRUE),
      lnew, lv, NULL, ltt, 600)

  vet <- veteran
  vet$cell <- as.integer(vet$celltype)  # 1 squamous, 2 smallcell, 3 adeno, 4 large
  if (!is.null(before_vet)) before_vet(vet)
  vv <- c("trt", "karno", "diagtime", "age", "prior")
  vnew <- data.frame(trt = c(1, 2, 2), karno = c(60, 30, 90), diagtime = c(5, 12, 3),
                     age = c(60, 70, 45), prior = c(0, 10, 0), cell = c(1L, 3L, 4L))
  ref("vp_strata", coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior + strata(cell), vet),
      vnew, vv, "cell", c(1, 10, 30, 100, 250, 600), 200)
  sp <- survSplit(Surv(time, status) ~ ., data = vet, cut = c(90, 180), episode = "ep")
  ref("vp_split", coxph(Surv(tstart, time, status) ~ trt + karno + diagtime + age + prior, sp),
      vnew, vv, NULL, c(1, 10, 30, 100, 250, 600), 200)

  ov <- ovarian
  ovv <- c("age", "ecog.ps", "rx")
  ref("op_efron", coxph(Surv(futime, fustat) ~ age + ecog.ps + rx, ov),
      data.frame(age = c(45, 60, 70), ecog.ps = c(1, 2, 1), rx = c(2, 1, 1)), ovv, NULL,
      c(50, 200, 400, 700, 1300), 1000)

  d <- read.csv("tests/data/telco_churn.csv")
  d$churned <- as.numeric(d$churn == "Yes")
  d$contract_1yr <- as.numeric(d$contract == "One year")
  d$contract_2yr <- as.numeric(d$contract == "Two year")
  tv <- c("monthly_charges", "senior_citizen", "paperless_billing", "contract_1yr", "contract_2yr")
  tf <- Surv(tenure, churned) ~ monthly_charges + senior_citizen + paperless_billing + contract_1yr + contract_2yr
  tnew <- data.frame(monthly_charges = c(20, 70, 105), senior_citizen = c(0, 1, 0),
                     paperless_billing = c(0, 1, 1), contract_1yr = c(0, 0, 1), contract_2yr = c(1, 0, 0))
  ref("tp_efron", coxph(tf, d), tnew, tv, NULL, c(1, 6, 12, 24, 48, 72), 72)
  ref("tp_breslow", coxph(tf, d, ties = "breslow"), tnew, tv, NULL, c(1, 6, 12, 24, 48, 72), 72)
}

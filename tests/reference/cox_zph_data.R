# The data of the cox.zph references (tests/reference/cox_zph.R and
# cox_zph_terms.R), sourced by both from the repository root. They are
# those of tests/reference/cox_coxph.R (cox_reference.h: the survival
# package's lung, veteran and ovarian data, Therneau, LGPL >= 2), rebuilt
# the same way.
suppressMessages(library(survival))
lung2 <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
lung2$event <- lung2$status - 1
lung2$w <- 1 + (seq_len(nrow(lung2)) %% 3) / 2
# z constant (0) in the stratum sex = 2
lung2$z <- ifelse(lung2$sex == 1, lung2$ph.ecog, 0)
vet <- veteran
sp <- survSplit(Surv(time, status) ~ ., data = vet, cut = c(90, 180), episode = "ep")
sp$karno_late <- sp$karno * (sp$tstart >= 90)
ov <- ovarian

#!/usr/bin/env Rscript
# R's Seatbelts data set (base R `datasets`: road casualties in Great Britain, monthly, January 1969 to December 1984;
# Harvey and Durbin 1986) exported in long form for the C# benchmark, and auto.arima's forecasts of its last 24 months
# with and without the petrol price as a regressor (xreg), as R users run it.
#
# Usage: OPENBLAS_NUM_THREADS=1 Rscript bench/forecasting/seatbelts.R [CSV] [JSON]
#   CSV   long-form export, default bench/forecasting/data/seatbelts.csv: Series (DriversKilled, drivers, front, rear,
#         VanKilled), Time (year * 12 + month - 1), Value, PetrolPrice, kms, law
#   JSON  auto.arima's forecasts and scores, default bench/results/seatbelts-auto-arima.json
# The test is the last 24 months (January 1983 to December 1984); models see the 168 months before only. The seat-belt
# law (in force from 31 January 1983) is 0 on every training month, so no model can learn its effect from these data:
# it is exported but neither R nor the benchmark uses it as a regressor (auto.arima refuses a constant xreg column).
suppressPackageStartupMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
csv <- if (length(args) >= 1) args[1] else "bench/forecasting/data/seatbelts.csv"
out <- if (length(args) >= 2) args[2] else "bench/results/seatbelts-auto-arima.json"
H <- 24L
sb <- Seatbelts
months <- as.numeric(round(time(sb) * 12))          # year * 12 + month - 1
series <- c("DriversKilled", "drivers", "front", "rear", "VanKilled")
long <- do.call(rbind, lapply(series, function(s) data.frame(Series = s, Time = months, Value = as.numeric(sb[, s]),
  PetrolPrice = as.numeric(sb[, "PetrolPrice"]), kms = as.numeric(sb[, "kms"]), law = as.numeric(sb[, "law"]))))
dir.create(dirname(csv), recursive = TRUE, showWarnings = FALSE)
write.csv(long, csv, row.names = FALSE, quote = FALSE)

n <- nrow(sb); train <- 1:(n - H); test <- (n - H + 1):n
score <- function(y, f, lo, hi, history) {
  scale <- mean(abs(diff(history, lag = 12)))
  list(rmse = sqrt(mean((y - f)^2)), smape = mean(200 * abs(y - f) / (abs(y) + abs(f))), mase = mean(abs(y - f)) / scale,
       coverage95 = mean(y >= lo & y <= hi))
}
results <- list()
for (s in series) {
  y <- ts(as.numeric(sb[, s]), start = c(1969, 1), frequency = 12)
  history <- window(y, end = c(1982, 12)); actual <- as.numeric(window(y, start = c(1983, 1)))
  x <- as.numeric(sb[, "PetrolPrice"])
  plain <- forecast(auto.arima(history), h = H, level = 95)
  fit <- auto.arima(history, xreg = cbind(PetrolPrice = x[train]))
  with <- forecast(fit, xreg = cbind(PetrolPrice = x[test]), h = H, level = 95)
  results[[s]] <- list(
    without = c(score(actual, as.numeric(plain$mean), plain$lower[, 1], plain$upper[, 1], as.numeric(history)),
                list(model = plain$method, mean = as.numeric(plain$mean))),
    with_petrol_price = c(score(actual, as.numeric(with$mean), with$lower[, 1], with$upper[, 1], as.numeric(history)),
                          list(model = with$method, mean = as.numeric(with$mean))))
  cat(sprintf("%-14s auto.arima RMSE %.2f, with xreg PetrolPrice %.2f\n", s, results[[s]]$without$rmse, results[[s]]$with_petrol_price$rmse))
}
dir.create(dirname(out), recursive = TRUE, showWarnings = FALSE)
write_json(list(horizon = H, test = "1983-01 to 1984-12", R = R.version.string, forecast = as.character(packageVersion("forecast")),
                results = results), out, auto_unbox = TRUE, pretty = TRUE, digits = NA)
cat("wrote", csv, "and", out, "\n")

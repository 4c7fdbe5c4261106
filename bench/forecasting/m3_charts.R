#!/usr/bin/env Rscript
# Charts of the M3 monthly benchmark: a fan chart per example series (history, truth, the global recurrent model's
# median and 95% interval, thetaf's forecast beside it) and sMAPE by horizon step for every method.
#
# Usage: Rscript bench/forecasting/m3_charts.R [M3Month.csv] [global forecasts CSV] [R reference forecasts CSV] [folder]
#   defaults: /work/shared/data/m3-monthly/M3Month.csv, bench/results/m3-benchmark-test-forecasts.csv.gz,
#   bench/results/m3-reference-forecasts.csv.gz, bench/results/charts
# The example series are the first series of each category in the file (a rule fixed before looking at forecasts).
args <- commandArgs(trailingOnly = TRUE)
data_file <- if (length(args) >= 1) args[1] else "/work/shared/data/m3-monthly/M3Month.csv"
global_file <- if (length(args) >= 2) args[2] else "bench/results/m3-benchmark-test-forecasts.csv.gz"
reference_file <- if (length(args) >= 3) args[3] else "bench/results/m3-reference-forecasts.csv.gz"
folder <- if (length(args) >= 4) args[4] else "bench/results/charts"
H <- 18L
dir.create(folder, recursive = TRUE, showWarnings = FALSE)

rows <- strsplit(readLines(data_file)[-1], ",", fixed = TRUE)
series <- lapply(rows, function(r) { n <- as.integer(r[2]); list(id = r[1], category = trimws(r[4]), y = as.numeric(r[7:(6 + n)])) })
names(series) <- vapply(series, `[[`, "", "id")
forecasts <- rbind(read.csv(gzfile(global_file), stringsAsFactors = FALSE), read.csv(gzfile(reference_file), stringsAsFactors = FALSE))
forecasts$category <- trimws(forecasts$category)

# Fan charts
examples <- vapply(split(names(series), vapply(series, `[[`, "", "category")), `[`, "", 1)
for (id in examples) {
  s <- series[[id]]; n <- length(s$y); shown <- max(1, n - H - 71):n
  g <- forecasts[forecasts$series == id & forecasts$method == "global recurrent", ]; g <- g[order(g$step), ]
  th <- forecasts[forecasts$series == id & forecasts$method == "thetaf", ]; th <- th[order(th$step), ]
  steps <- (n - H + 1):n
  png(file.path(folder, sprintf("m3-fan-%s.png", id)), width = 900, height = 480, res = 110)
  par(mar = c(4, 4.5, 3, 1))
  plot(shown, s$y[shown], type = "n", xlab = "month", ylab = "value", ylim = range(c(s$y[shown], g$lo95, g$hi95)),
       main = sprintf("M3 %s (%s): the last 18 months forecast from the months before", id, s$category))
  polygon(c(steps, rev(steps)), c(g$lo95, rev(g$hi95)), col = adjustcolor("steelblue", 0.25), border = NA)
  lines(shown[shown <= n - H], s$y[shown[shown <= n - H]], lwd = 1.5)
  lines(steps, s$y[steps], lwd = 1.5, col = "grey40", lty = 2)
  lines(steps, g$mean, lwd = 2, col = "steelblue")
  if (nrow(th) == H) lines(steps, th$mean, lwd = 1.5, col = "darkorange")
  legend("topleft", bty = "n", cex = 0.8, lwd = c(1.5, 1.5, 2, 1.5, 8), lty = c(1, 2, 1, 1, 1),
         col = c("black", "grey40", "steelblue", "darkorange", adjustcolor("steelblue", 0.25)),
         legend = c("history", "truth (test)", "global recurrent median", "thetaf", "global recurrent 95% interval"))
  dev.off()
}

# sMAPE by horizon step, on the series every method has
methods <- c("global recurrent", "thetaf", "ets", "auto.arima", "snaive")
have <- Reduce(intersect, lapply(methods, function(m) unique(forecasts$series[forecasts$method == m])))
actual <- function(id, step) { y <- series[[id]]$y; y[length(y) - H + step] }
by_step <- sapply(methods, function(m) {
  f <- forecasts[forecasts$method == m & forecasts$series %in% have, ]
  y <- mapply(actual, f$series, f$step)
  tapply(200 * abs(y - f$mean) / (abs(y) + abs(f$mean)), f$step, mean)
})
png(file.path(folder, "m3-smape-by-step.png"), width = 900, height = 480, res = 110)
par(mar = c(4, 4.5, 3, 1))
colours <- c("steelblue", "darkorange", "forestgreen", "purple", "grey40")
matplot(1:H, by_step, type = "l", lty = 1, lwd = 2, col = colours, xlab = "months ahead", ylab = "sMAPE (%)",
        main = sprintf("M3 monthly test: sMAPE by horizon step (%d series every method has)", length(have)))
legend("topleft", bty = "n", lwd = 2, col = colours, legend = methods)
dev.off()
write.csv(round(by_step, 3), file.path(folder, "m3-smape-by-step.csv"))
cat("wrote", length(examples), "fan charts and the sMAPE by step chart to", folder, "\n")

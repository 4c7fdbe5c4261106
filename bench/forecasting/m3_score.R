#!/usr/bin/env Rscript
# Scores the M3 monthly reference forecasts written by m3_references.R (M4 definitions).
#
# Usage: Rscript bench/forecasting/m3_score.R [--data FILE] [--add FILE ...] [FORECASTS] [OUTPUT_JSON]
#   FORECASTS   default bench/results/m3-reference-forecasts.csv.gz (its .run.json beside it gives seconds, versions)
#   --add FILE  more forecasts in the same layout scored beside them, such as the C# benchmark's global model
#               (bench/results/m3-benchmark-test-forecasts.csv.gz); their methods come after R's in the tables
#   OUTPUT_JSON default bench/results/m3-references.json
#
# Per series (h = 18, test = the last 18 values, training span = the first n = N-18 values, m = 12):
#   sMAPE    = 200/h * sum |y - yhat| / (|y| + |yhat|)
#   MASE     = mean |y - yhat| / ( 1/(n-m) * sum_{t=m+1..n} |y_t - y_{t-m}| )
#   coverage = share of the 18 test points inside [lo95, hi95]
# Overall = mean over series; by category = mean over the category's series. Also sMAPE by horizon step.
# Prints a markdown table.

suppressPackageStartupMessages(library(jsonlite))

args <- commandArgs(trailingOnly = TRUE)
data_file <- "/work/shared/data/m3-monthly/M3Month.csv"
pos <- character(0)
added <- character(0)
i <- 1
while (i <= length(args)) {
  if (args[i] == "--data") { i <- i + 1; data_file <- args[i]
  } else if (args[i] == "--add") { i <- i + 1; added <- c(added, args[i])
  } else pos <- c(pos, args[i])
  i <- i + 1
}
fc_file <- if (length(pos) >= 1) pos[1] else "bench/results/m3-reference-forecasts.csv.gz"
out_file <- if (length(pos) >= 2) pos[2] else "bench/results/m3-references.json"
run_file <- paste0(sub("\\.csv(\\.gz)?$", "", fc_file), ".run.json")

H <- 18L
M <- 12L

rows <- strsplit(readLines(data_file)[-1], ",", fixed = TRUE)
data <- lapply(rows, function(r) { n <- as.integer(r[2]); list(id = r[1], category = r[4], y = as.numeric(r[7:(6 + n)])) })
names(data) <- vapply(data, `[[`, "", "id")

fc <- read.csv(fc_file, stringsAsFactors = FALSE)
for (a in added) fc <- rbind(fc, read.csv(a, stringsAsFactors = FALSE)[, names(fc)])
fc$category <- trimws(fc$category)
fc <- fc[order(fc$method, fc$series, fc$step), ]
keys <- unique(fc[, c("series", "method")])

score <- lapply(split(fc, list(fc$series, fc$method), drop = TRUE), function(f) {
  s <- data[[f$series[1]]]
  stopifnot(nrow(f) == H, all(f$step == seq_len(H)))
  n <- length(s$y) - H
  train <- s$y[seq_len(n)]
  y <- s$y[n + seq_len(H)]
  scale <- mean(abs(diff(train, lag = M)))
  ae <- abs(y - f$mean)
  data.frame(series = s$id, category = s$category, method = f$method[1],
             smape = 200 / H * sum(ae / (abs(y) + abs(f$mean))),
             mase = mean(ae) / scale, scale_zero = scale == 0,
             coverage = mean(y >= f$lo95 & y <= f$hi95), stringsAsFactors = FALSE)
})
score <- do.call(rbind, score)
if (any(score$scale_zero)) warning("MASE scale 0 for: ", paste(unique(score$series[score$scale_zero]), collapse = ", "))

# sMAPE by horizon step (mean over series at each step)
fc$y <- mapply(function(id, st) { s <- data[[id]]$y; s[length(s) - H + st] }, fc$series, fc$step)
fc$smape_step <- 200 * abs(fc$y - fc$mean) / (abs(fc$y) + abs(fc$mean))

summarise <- function(d) list(series = nrow(d), smape = round(mean(d$smape), 3), mase = round(mean(d$mase), 4),
                              coverage95 = round(mean(d$coverage), 4))
method_order <- c("snaive", "ets", "auto.arima", "thetaf")
methods <- c(intersect(method_order, unique(score$method)), setdiff(unique(score$method), method_order))
categories <- c("MICRO", "INDUSTRY", "MACRO", "FINANCE", "DEMOGRAPHIC", "OTHER")
categories <- intersect(categories, unique(score$category))

run <- if (file.exists(run_file)) fromJSON(run_file) else NULL

# series that every method has (all of them after a complete run; fewer if a run stopped at --time-limit)
common <- Reduce(intersect, lapply(methods, function(m) score$series[score$method == m]))
complete <- length(common) == length(data) && all(table(score$method) == length(data))

results <- lapply(methods, function(m) {
  d <- score[score$method == m, ]
  st <- fc[fc$method == m, ]
  list(overall = summarise(d),
       by_category = setNames(lapply(categories, function(cat) summarise(d[d$category == cat, ])), categories),
       smape_by_step = unname(round(tapply(st$smape_step, st$step, mean), 3)),
       seconds = if (!is.null(run) && !is.null(run$method_seconds[[m]])) run$method_seconds[[m]] else NA,
       common_series = summarise(d[d$series %in% common, ]),
       common_series_by_category = setNames(lapply(categories, function(cat)
         summarise(d[d$series %in% common & d$category == cat, ])), categories))
})
names(results) <- methods

out <- list(
  what = "M3 monthly (1,428 series), h = 18, the last 18 points of each series are the test and never used to fit; R forecast package references",
  definitions = list(
    smape = "200/h * sum |y - yhat| / (|y| + |yhat|), mean over series",
    mase = "mean|y - yhat| / (1/(n-m) * sum_{t=m+1..n} |y_t - y_{t-m}|), m = 12, over the training span; mean over series",
    coverage95 = "share of test points within [lo95, hi95], mean over series"),
  forecasts = fc_file,
  complete = complete,
  common_series = length(common),
  common_series_note = "common_series* = each method scored on only the series every method has",
  run = run[c("date_utc", "quick", "series", "cores", "parallel", "wall_seconds", "method_seconds",
              "method_seconds_note", "versions", "loadavg_before", "loadavg_after", "cpu", "nproc", "failures")],
  scored_utc = format(Sys.time(), "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"),
  scorer_versions = list(R = R.version.string),
  published = list(
    theta_smape = list(value = 13.85, source = "Makridakis and Hibon (2000), M3 monthly, Theta, mean of horizons 1-18"),
    nbeats_smape = list(value = 13.2, source = "Oreshkin et al. (2020), M3 monthly (about)")),
  methods = results)
dir.create(dirname(out_file), recursive = TRUE, showWarnings = FALSE)
write_json(out, out_file, auto_unbox = TRUE, pretty = TRUE, digits = NA, na = "null")

# markdown tables
cat(sprintf("complete: %s; series every method has: %d\n\n", complete, length(common)))
cat("| method | series | sMAPE | MASE | 95% coverage | seconds (summed fits) |\n|---|---:|---:|---:|---:|---:|\n")
for (m in methods) {
  o <- results[[m]]$overall
  cat(sprintf("| %s | %d | %.2f | %.3f | %.3f | %s |\n", m, o$series, o$smape, o$mase, o$coverage95,
              if (is.na(results[[m]]$seconds)) "" else sprintf("%.1f", results[[m]]$seconds)))
}
if (!complete) {
  cat(sprintf("\nOn the %d series every method has\n\n| method | sMAPE | MASE | 95%% coverage |\n|---|---:|---:|---:|\n", length(common)))
  for (m in methods) {
    o <- results[[m]]$common_series
    cat(sprintf("| %s | %.2f | %.3f | %.3f |\n", m, o$smape, o$mase, o$coverage95))
  }
  for (what in c("smape", "mase", "coverage95")) {
    cat(sprintf("\n%s by category, on the common series\n\n| method | %s |\n|---|%s\n", what,
                paste(sprintf("%s (%d)", categories, vapply(categories, function(cat) results[[1]]$common_series_by_category[[cat]]$series, 1L)),
                      collapse = " | "),
                paste(rep("---:|", length(categories)), collapse = "")))
    for (m in methods) {
      fmt <- if (what == "smape") "%.2f" else "%.3f"
      cat(sprintf("| %s | %s |\n", m, paste(vapply(categories, function(cat) sprintf(fmt, results[[m]]$common_series_by_category[[cat]][[what]]), ""), collapse = " | ")))
    }
  }
}
for (what in c("smape", "mase", "coverage95")) {
  cat(sprintf("\n%s by category (all series each method has%s)\n\n| method | %s |\n|---|%s\n", what,
              if (complete) "" else "; a cell's (n) is its series count",
              paste(sprintf("%s (%d)", categories, vapply(categories, function(cat) results[[1]]$by_category[[cat]]$series, 1L)),
                    collapse = " | "),
              paste(rep("---:|", length(categories)), collapse = "")))
  for (m in methods) {
    fmt <- if (what == "smape") "%.2f" else "%.3f"
    cell <- function(cat) {
      b <- results[[m]]$by_category[[cat]]
      if (complete) sprintf(fmt, b[[what]]) else sprintf(paste(fmt, "(%d)"), b[[what]], b$series)
    }
    cat(sprintf("| %s | %s |\n", m, paste(vapply(categories, cell, ""), collapse = " | ")))
  }
}
cat("\nwrote", out_file, "\n")

#!/usr/bin/env Rscript
# M3 monthly reference forecasts with R's forecast package, run as R users run them.
#
# For every series of M3Month.csv: fit on the first N-18 values (a ts with frequency 12 and the series' start), never
# on the last 18, and forecast h = 18 with 95% intervals by snaive, ets (automatic), auto.arima (default), thetaf.
#
# Usage: Rscript bench/forecasting/m3_references.R [--quick] [--cores N] [--data FILE] [OUTPUT]
#   OUTPUT  forecasts CSV (series, category, method, step, mean, lo95, hi95); a name ending in .gz is gzipped.
#           Default bench/results/m3-reference-forecasts.csv.gz. A run file OUTPUT-without-extension + ".run.json"
#           (seconds per method, versions, date, load average, failures) is written beside it.
#   --quick first 10 series of each category (60 series), for a smoke run.
#   --cores N  worker processes for parallel::mclapply (default 2). Each worker fits whole series; per-method seconds
#           are the sum over series of each fit's elapsed time (so they are CPU-seconds of one core, not wall time).

suppressPackageStartupMessages({
  library(forecast)
  library(parallel)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
quick <- "--quick" %in% args
cores <- 2L
data_file <- "/work/shared/data/m3-monthly/M3Month.csv"
output <- "bench/results/m3-reference-forecasts.csv.gz"
i <- 1
while (i <= length(args)) {
  a <- args[i]
  if (a == "--quick") {
  } else if (a == "--cores") { i <- i + 1; cores <- as.integer(args[i])
  } else if (a == "--data") { i <- i + 1; data_file <- args[i]
  } else if (startsWith(a, "--")) { stop("unknown option ", a)
  } else output <- a
  i <- i + 1
}

H <- 18L
FREQ <- 12L
METHODS <- c("snaive", "ets", "auto.arima", "thetaf")

read_m3 <- function(path) {
  lines <- readLines(path)
  rows <- strsplit(lines[-1], ",", fixed = TRUE)
  lapply(rows, function(r) {
    n <- as.integer(r[2])
    list(id = r[1], n = n, nf = as.integer(r[3]), category = r[4],
         year = as.integer(r[5]), month = as.integer(r[6]),
         y = as.numeric(r[7:(6 + n)]))
  })
}

series <- read_m3(data_file)
stopifnot(all(vapply(series, function(s) s$nf == H && length(s$y) == s$n && !anyNA(s$y), TRUE)))
if (quick) {
  cats <- vapply(series, `[[`, "", "category")
  keep <- unlist(lapply(split(seq_along(series), cats), head, 10))
  series <- series[sort(keep)]
}

fit_one <- function(method, x) {
  switch(method,
    "snaive" = snaive(x, h = H, level = 95),
    "ets" = forecast(ets(x), h = H, level = 95),
    "auto.arima" = forecast(auto.arima(x), h = H, level = 95),
    "thetaf" = thetaf(x, h = H, level = 95))
}

run_series <- function(s) {
  train <- s$y[seq_len(s$n - H)]   # the last 18 values are the test; they are never passed to a model
  # 29 series have start year 0 and month 0 in the workbook; they start at (1, 1). The start only labels the cycle.
  start <- if (s$year > 0 && s$month >= 1) c(s$year, s$month) else c(1, 1)
  x <- ts(train, frequency = FREQ, start = start)
  out <- vector("list", length(METHODS))
  secs <- setNames(numeric(length(METHODS)), METHODS)
  notes <- character(0)
  for (k in seq_along(METHODS)) {
    m <- METHODS[k]
    t0 <- proc.time()[["elapsed"]]
    fc <- tryCatch(fit_one(m, x), error = function(e) e)
    if (inherits(fc, "error")) {
      notes <- c(notes, sprintf("%s %s failed (%s); snaive used", s$id, m, conditionMessage(fc)))
      fc <- snaive(x, h = H, level = 95)
    }
    secs[[m]] <- proc.time()[["elapsed"]] - t0
    lo <- as.numeric(fc$lower[, 1]); hi <- as.numeric(fc$upper[, 1]); mu <- as.numeric(fc$mean)
    if (anyNA(mu) || length(mu) != H) {
      notes <- c(notes, sprintf("%s %s gave NA/short forecast; snaive used", s$id, m))
      fc <- snaive(x, h = H, level = 95)
      lo <- as.numeric(fc$lower[, 1]); hi <- as.numeric(fc$upper[, 1]); mu <- as.numeric(fc$mean)
    }
    out[[k]] <- data.frame(series = s$id, category = s$category, method = m, step = seq_len(H),
                           mean = signif(mu, 10), lo95 = signif(lo, 10), hi95 = signif(hi, 10),
                           stringsAsFactors = FALSE)
  }
  cat(sprintf("%s %s\n", s$id, paste(sprintf("%.2f", secs), collapse = " ")), file = stderr())  # progress
  list(forecasts = do.call(rbind, out), seconds = secs, notes = notes)
}

load_before <- readLines("/proc/loadavg")
started <- Sys.time()
cat(sprintf("M3 monthly references: %d series, %d cores, forecast %s\n", length(series), cores,
            as.character(packageVersion("forecast"))))
wall0 <- proc.time()[["elapsed"]]
res <- if (cores > 1) {
  mclapply(series, run_series, mc.cores = cores, mc.preschedule = FALSE)
} else lapply(series, run_series)
wall <- proc.time()[["elapsed"]] - wall0
bad <- vapply(res, function(r) inherits(r, "try-error") || is.null(r$forecasts), TRUE)
if (any(bad)) stop("worker errors: ", paste(vapply(series[bad], `[[`, "", "id"), collapse = ", "))
load_after <- readLines("/proc/loadavg")

forecasts <- do.call(rbind, lapply(res, `[[`, "forecasts"))
seconds <- Reduce(`+`, lapply(res, `[[`, "seconds"))
notes <- unlist(lapply(res, `[[`, "notes"))

dir.create(dirname(output), recursive = TRUE, showWarnings = FALSE)
con <- if (grepl("\\.gz$", output)) gzfile(output, "w") else file(output, "w")
write.csv(forecasts, con, row.names = FALSE)
close(con)

run_file <- paste0(sub("\\.csv(\\.gz)?$", "", output), ".run.json")
run <- list(
  date_utc = format(started, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"),
  quick = quick, series = length(series), horizon = H, frequency = FREQ, level = 95,
  cores = cores, parallel = if (cores > 1) "parallel::mclapply, one series per task" else "none",
  wall_seconds = round(wall, 1),
  method_seconds = as.list(round(seconds, 1)),
  method_seconds_note = "sum over series of each fit+forecast's elapsed time inside its worker",
  versions = list(R = R.version.string, forecast = as.character(packageVersion("forecast"))),
  loadavg_before = load_before, loadavg_after = load_after,
  cpu = tryCatch(sub(".*: ", "", grep("model name", readLines("/proc/cpuinfo"), value = TRUE)[1]),
                 error = function(e) NA),
  nproc = parallel::detectCores(),
  failures = as.list(notes),
  data = normalizePath(data_file), output = output)
write_json(run, run_file, auto_unbox = TRUE, pretty = TRUE, digits = NA)
cat(sprintf("wall %.1f s; per method (summed fit seconds): %s\n", wall,
            paste(sprintf("%s %.1f", names(seconds), seconds), collapse = ", ")))
if (length(notes)) cat("fallbacks:\n", paste0("  ", notes, "\n"), sep = "")
cat("wrote", output, "and", run_file, "\n")

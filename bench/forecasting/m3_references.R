#!/usr/bin/env Rscript
# M3 monthly reference forecasts with R's forecast package, run as R users run them.
#
# For every series of M3Month.csv: fit on the first N-18 values (a ts with frequency 12 and the series' start), never
# on the last 18, and forecast h = 18 with 95% intervals by snaive, ets (automatic), auto.arima (default), thetaf.
#
# Usage: Rscript bench/forecasting/m3_references.R [--quick] [--cores N] [--time-limit SECONDS] [--data FILE] [OUTPUT]
#   OUTPUT  forecasts CSV (series, category, method, step, mean, lo95, hi95); a name ending in .gz is gzipped.
#           Default bench/results/m3-reference-forecasts.csv.gz. A run file OUTPUT-without-extension + ".run.json"
#           (seconds per method, versions, date, load average, failures) is written beside it.
#   --quick first 10 series of each category (60 series), for a smoke run.
#   --cores N  worker processes for parallel::mclapply (default 2). Per-method seconds are the sum over series of each
#           fit's elapsed time inside its worker (time on one core, not wall time).
#   --time-limit S  stop fitting new (method, series) tasks after S seconds and write what is finished.
# Each (method, series) result is saved in OUTPUT-without-extension + ".parts/<method>/<series>.rds"; rerunning the
# same command resumes (finished parts are not refitted). snaive and thetaf run first for every series, then ets and
# auto.arima series by series in a category-stratified order (see below).

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
time_limit <- Inf
i <- 1
while (i <= length(args)) {
  a <- args[i]
  if (a == "--quick") {
  } else if (a == "--cores") { i <- i + 1; cores <- as.integer(args[i])
  } else if (a == "--data") { i <- i + 1; data_file <- args[i]
  } else if (a == "--time-limit") { i <- i + 1; time_limit <- as.numeric(args[i])
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

make_ts <- function(s) {
  train <- s$y[seq_len(s$n - H)]   # the last 18 values are the test; they are never passed to a model
  # 29 series have start year 0 and month 0 in the workbook; they start at (1, 1). The start only labels the cycle.
  start <- if (s$year > 0 && s$month >= 1) c(s$year, s$month) else c(1, 1)
  ts(train, frequency = FREQ, start = start)
}

# One (method, series) task; its result is saved as parts/<method>/<series>.rds, so a run can be resumed and an
# interrupted run keeps what it finished. Tasks left when --time-limit has passed are skipped (not fitted).
run_task <- function(task) {
  m <- task$method; s <- task$series
  part <- file.path(parts_dir, m, paste0(s$id, ".rds"))
  if (file.exists(part)) return(invisible(NULL))
  if (proc.time()[["elapsed"]] - wall0 > time_limit) return(invisible(NULL))
  x <- make_ts(s)
  note <- NA_character_
  t0 <- proc.time()[["elapsed"]]
  fc <- tryCatch(fit_one(m, x), error = function(e) e)
  if (inherits(fc, "error")) {
    note <- sprintf("%s %s failed (%s); snaive used", s$id, m, conditionMessage(fc))
    fc <- snaive(x, h = H, level = 95)
  }
  secs <- proc.time()[["elapsed"]] - t0
  mu <- as.numeric(fc$mean); lo <- as.numeric(fc$lower[, 1]); hi <- as.numeric(fc$upper[, 1])
  if (anyNA(mu) || length(mu) != H) {
    note <- sprintf("%s %s gave NA/short forecast; snaive used", s$id, m)
    fc <- snaive(x, h = H, level = 95)
    mu <- as.numeric(fc$mean); lo <- as.numeric(fc$lower[, 1]); hi <- as.numeric(fc$upper[, 1])
  }
  d <- data.frame(series = s$id, category = s$category, method = m, step = seq_len(H),
                  mean = signif(mu, 8), lo95 = signif(lo, 8), hi95 = signif(hi, 8), stringsAsFactors = FALSE)
  tmp <- paste0(part, ".tmp")
  saveRDS(list(forecasts = d, seconds = secs, note = note), tmp)
  file.rename(tmp, part)
  cat(sprintf("%s %s %.2f\n", m, s$id, secs), file = stderr())  # progress
  invisible(NULL)
}

parts_dir <- paste0(sub("\\.csv(\\.gz)?$", "", output), ".parts")
for (m in METHODS) dir.create(file.path(parts_dir, m), recursive = TRUE, showWarnings = FALSE)
load_before <- readLines("/proc/loadavg")
started <- Sys.time()
cat(sprintf("M3 monthly references: %d series, %d cores, forecast %s, parts in %s\n", length(series), cores,
            as.character(packageVersion("forecast")), parts_dir))
wall0 <- proc.time()[["elapsed"]]
# Cheap methods first, so that an interrupted run has every series for them. Then ets and auto.arima together, one
# series per task, the series ordered so that any prefix holds each category in proportion to its size (the k-th of a
# category of size n at (k - 0.5) / n): a run stopped by --time-limit leaves a stratified subset with all four methods.
# Series are dealt round-robin to the workers (mc.preschedule); every (method, series) saves its own part file.
run_tasks <- function(tasks) {
  if (cores > 1) {
    invisible(mclapply(tasks, function(ts) for (t in ts) run_task(t), mc.cores = cores, mc.preschedule = TRUE))
  } else invisible(lapply(tasks, function(ts) for (t in ts) run_task(t)))
}
for (m in c("snaive", "thetaf")) run_tasks(lapply(series, function(s) list(list(method = m, series = s))))
cats <- vapply(series, `[[`, "", "category")
position <- ave(seq_along(series), cats, FUN = function(i) (seq_along(i) - 0.5) / length(i))
run_tasks(lapply(series[order(position, seq_along(series))], function(s)
  list(list(method = "ets", series = s), list(method = "auto.arima", series = s))))
wall <- proc.time()[["elapsed"]] - wall0
load_after <- readLines("/proc/loadavg")

# collect every finished part for the selected series
ids <- vapply(series, `[[`, "", "id")
collected <- lapply(METHODS, function(m) {
  f <- file.path(parts_dir, m, paste0(ids, ".rds"))
  lapply(f[file.exists(f)], readRDS)
})
names(collected) <- METHODS
forecasts <- do.call(rbind, lapply(collected, function(l) do.call(rbind, lapply(l, `[[`, "forecasts"))))
seconds <- vapply(collected, function(l) sum(vapply(l, `[[`, 0, "seconds")), 0)
completed <- vapply(collected, length, 0L)
notes <- unlist(lapply(collected, function(l) Filter(Negate(is.na), lapply(l, `[[`, "note"))))

dir.create(dirname(output), recursive = TRUE, showWarnings = FALSE)
con <- if (grepl("\\.gz$", output)) gzfile(output, "w") else file(output, "w")
write.csv(forecasts, con, row.names = FALSE)
close(con)

run_file <- paste0(sub("\\.csv(\\.gz)?$", "", output), ".run.json")
run <- list(
  date_utc = format(started, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"),
  quick = quick, series = length(series), horizon = H, frequency = FREQ, level = 95,
  cores = cores, parallel = if (cores > 1) "parallel::mclapply, one (method, series) per task" else "none",
  wall_seconds_this_invocation = round(wall, 1), time_limit_seconds = time_limit,
  series_completed = as.list(completed),
  method_seconds = as.list(round(seconds, 1)),
  method_seconds_note = "sum over the completed series of each fit+forecast's elapsed time inside its worker (summed over resumed invocations)",
  versions = list(R = R.version.string, forecast = as.character(packageVersion("forecast"))),
  loadavg_before = load_before, loadavg_after = load_after,
  cpu = tryCatch(sub(".*: ", "", grep("model name", readLines("/proc/cpuinfo"), value = TRUE)[1]),
                 error = function(e) NA),
  nproc = parallel::detectCores(),
  failures = as.list(notes),
  data = normalizePath(data_file), output = output)
write_json(run, run_file, auto_unbox = TRUE, pretty = TRUE, digits = NA)
cat(sprintf("series completed: %s\n", paste(sprintf("%s %d", names(completed), completed), collapse = ", ")))
cat(sprintf("wall %.1f s; per method (summed fit seconds): %s\n", wall,
            paste(sprintf("%s %.1f", names(seconds), seconds), collapse = ", ")))
if (length(notes)) cat("fallbacks:\n", paste0("  ", notes, "\n"), sep = "")
cat("wrote", output, "and", run_file, "\n")

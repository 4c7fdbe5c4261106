# Reference forecasts for samples/Forecasting: R's forecast::ets and forecast::auto.arima with their defaults, each
# fitted on a series but its last `horizon` months and forecasting those months with 95% intervals.
#
#   Rscript forecast_reference.R <data folder> <output csv> [--validation] <series:horizon> [<series:horizon> ...]
#
# --validation drops each series' last `horizon` months first (the sample's validation split).
# Needs the forecast package (Debian: apt-get install r-cran-forecast). Reads <data folder>/<series>.tsv (year, month,
# value) and writes one row per series, method and step: series,method,step,point,lower,upper.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: Rscript forecast_reference.R <data folder> <output csv> <series:horizon> ...")
data_folder <- args[1]
output <- args[2]
specs <- args[-(1:2)]
validation <- "--validation" %in% specs
specs <- setdiff(specs, "--validation")

rows <- list()
for (spec in specs) {
  parts <- strsplit(spec, ":", fixed = TRUE)[[1]]
  name <- parts[1]
  horizon <- as.integer(parts[2])
  data <- read.delim(file.path(data_folder, paste0(name, ".tsv")))
  series <- ts(data$value, start = c(data$year[1], data$month[1]), frequency = 12)
  if (validation) series <- head(series, length(series) - horizon)
  training <- head(series, length(series) - horizon)
  models <- list(ets = ets(training), auto.arima = auto.arima(training))
  for (method in names(models)) {
    f <- forecast(models[[method]], h = horizon, level = 95)
    rows[[length(rows) + 1]] <- data.frame(series = name, method = method, step = seq_len(horizon),
      point = as.numeric(f$mean), lower = as.numeric(f$lower[, 1]), upper = as.numeric(f$upper[, 1]))
  }
}
write.csv(do.call(rbind, rows), output, row.names = FALSE, quote = FALSE)
cat(sprintf("forecast %s: wrote %s\n", packageVersion("forecast"), output))

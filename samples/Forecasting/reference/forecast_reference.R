# Reference forecasts for samples/Forecasting: R's forecast::ets and forecast::auto.arima with their defaults, fitted on
# each series but its last 24 months and forecasting those 24 with 95% intervals.
#
#   Rscript forecast_reference.R <data folder> <output csv>
#
# Needs the forecast package (Debian: apt-get install r-cran-forecast). Writes one row per series, method and step:
# series,method,step,point,lower,upper.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript forecast_reference.R <data folder> <output csv>")
data_folder <- args[1]
output <- args[2]
horizon <- 24

rows <- list()
for (name in c("co2", "air_passengers")) {
  data <- read.delim(file.path(data_folder, paste0(name, ".tsv")))
  series <- ts(data$value, start = c(data$year[1], data$month[1]), frequency = 12)
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

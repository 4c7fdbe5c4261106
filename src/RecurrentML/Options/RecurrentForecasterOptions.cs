namespace RecurrentML;

/// <summary>
/// Options of the global recurrent forecaster (<c>mlContext.Forecasting.ForecastByRecurrentNetwork</c>): one network
/// trained across many series given in long form (one row per series and time step), forecasting every series'
/// next <see cref="Horizon"/> values with an interval at <see cref="ConfidenceLevel"/>. Defaults were chosen by
/// backtests on the M3 monthly training spans (bench/forecasting/README.md), never on a test horizon.
/// </summary>
public sealed class RecurrentForecasterOptions
{
    /// <summary>The column naming each row's series: Text or an integer type. Default <c>"SeriesId"</c>.</summary>
    public string SeriesIdColumnName = "SeriesId";

    /// <summary>The time step of each row: an integer type (Int32, Int64, UInt32), consecutive within a series. Rows may
    /// come in any order; they are sorted by it. The step modulo <see cref="SeasonalPeriod"/> is the row's position in
    /// the season (for monthly data, number months as year × 12 + month). Default <c>"Time"</c>.</summary>
    public string TimeColumnName = "Time";

    /// <summary>The value to forecast: Single or Double. A missing value (NaN) is allowed only on the rows after a
    /// series' last observed value: those rows carry the future covariates of the steps to forecast. Default <c>"Value"</c>.</summary>
    public string ValueColumnName = "Value";

    /// <summary>Covariates known only up to the forecast origin (Single or Double), read by the network at every past
    /// step. Default none.</summary>
    public string[] PastCovariateColumnNames = [];

    /// <summary>Covariates known for the future too (Single or Double), such as a price or a holiday flag: read at every
    /// past step and at each step forecast. Forecasting then needs a row with their values for each of the next
    /// <see cref="Horizon"/> steps of every series (value missing). Default none.</summary>
    public string[] FutureCovariateColumnNames = [];

    /// <summary>Covariates that are constant per series, such as a category (Text: one-hot over the categories seen in
    /// training, an unseen one reads as none of them) or a size (Single or Double). Default none.</summary>
    public string[] StaticCovariateColumnNames = [];

    /// <summary>Steps to forecast. Default 12.</summary>
    public int Horizon = 12;

    /// <summary>The nominal coverage of the interval columns, in (0, 1), as <c>ForecastBySsa</c>'s confidence level.
    /// Default 0.95.</summary>
    public double ConfidenceLevel = 0.95;

    /// <summary>The season's length in steps (12 for monthly data, 7 for daily); 1 for none. The network reads each
    /// step's position in the season, and each window is scaled by the mean level of its last season. Default 12.</summary>
    public int SeasonalPeriod = 12;

    /// <summary>Past steps the network reads before each forecast origin; a shorter history is padded. 0 chooses
    /// max(2 × <see cref="Horizon"/>, 3 × <see cref="SeasonalPeriod"/>). Default 0.</summary>
    public int ContextLength;

    /// <summary>Whether the network reads and predicts the log of each value over its window's scale (errors become
    /// relative and seasonality multiplicative) rather than the ratio minus 1; null (the default) logs when every
    /// training value is positive. A model that logs forecasts only positive values.</summary>
    public bool? LogTransform;

    /// <summary>The recurrent cell. Default <see cref="RecurrentML.RecurrentCell.Gru"/>.</summary>
    public RecurrentCell Cell = RecurrentCell.Gru;

    /// <summary>Hidden units of the recurrent layer. Default 64.</summary>
    public int HiddenSize = 64;

    /// <summary>Stacked recurrent layers. Default 1.</summary>
    public int NumberOfLayers = 1;

    /// <summary>Passes over every training window. Default 8.</summary>
    public int Epochs = 8;

    /// <summary>Optimisation steps at least: with few or short series an epoch is a few steps, and
    /// <see cref="Epochs"/> is raised until the training takes this many. Default 300 (chosen on the Seatbelts
    /// training span, its last 24 months forecast from the 144 before: DriversKilled RMSE 16.03 against 19.21 with
    /// 1,000 steps; bench/forecasting/README.md). M3's 1,428 series take over 3,000 steps in their 8 epochs.</summary>
    public int MinTrainingSteps = 300;

    /// <summary>Windows per optimisation step. Default 256.</summary>
    public int BatchSize = 256;

    /// <summary>Adam's initial learning rate, decayed to a tenth over the training by a cosine. Default 2e-3.</summary>
    public double LearningRate = 2e-3;

    /// <summary>Networks trained with different seeds whose quantiles are averaged. Default 3 (on the M3 validation
    /// split 3 networks of 8 epochs gave sMAPE 14.20 against one network's 14.86 with 12 epochs; more networks cost
    /// proportionally more time and would break the benchmark's 10-minute budget).</summary>
    public int EnsembleSize = 3;

    /// <summary>Seed of the initial weights and the window order: the same seed, data and thread count give the same
    /// forecasts. Default 1.</summary>
    public int Seed = 1;

    /// <summary>Torch threads while training; null uses every core. Default null.</summary>
    public int? NumberOfThreads;

    /// <summary>The forecast column added: Vector&lt;Single&gt; of <see cref="Horizon"/>, the median forecast. Default <c>"Forecast"</c>.</summary>
    public string ForecastColumnName = "Forecast";

    /// <summary>The interval's lower bounds: Vector&lt;Single&gt; of <see cref="Horizon"/>. Default <c>"LowerBound"</c>.</summary>
    public string LowerBoundColumnName = "LowerBound";

    /// <summary>The interval's upper bounds: Vector&lt;Single&gt; of <see cref="Horizon"/>. Default <c>"UpperBound"</c>.</summary>
    public string UpperBoundColumnName = "UpperBound";

    /// <summary>The context length used: <see cref="ContextLength"/>, or its default when 0.</summary>
    internal int EffectiveContextLength => ContextLength > 0 ? ContextLength : Math.Max(2 * Horizon, 3 * SeasonalPeriod);

    internal void Validate()
    {
        static void Require(bool ok, string name, object value, string expected)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; expected {expected}.");
        }
        foreach (var (name, value) in new[] { (nameof(SeriesIdColumnName), SeriesIdColumnName), (nameof(TimeColumnName), TimeColumnName),
                     (nameof(ValueColumnName), ValueColumnName), (nameof(ForecastColumnName), ForecastColumnName),
                     (nameof(LowerBoundColumnName), LowerBoundColumnName), (nameof(UpperBoundColumnName), UpperBoundColumnName) })
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} is empty; expected a column name.", name);
        foreach (var (name, columns) in new[] { (nameof(PastCovariateColumnNames), PastCovariateColumnNames),
                     (nameof(FutureCovariateColumnNames), FutureCovariateColumnNames), (nameof(StaticCovariateColumnNames), StaticCovariateColumnNames) })
            if (columns == null || columns.Any(string.IsNullOrWhiteSpace))
                throw new ArgumentException($"{name} is null or names an empty column; expected column names (an empty array for none).", name);
        var all = PastCovariateColumnNames.Concat(FutureCovariateColumnNames).Concat(StaticCovariateColumnNames)
            .Concat([SeriesIdColumnName, TimeColumnName, ValueColumnName]).ToList();
        var repeated = all.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (repeated != null) throw new ArgumentException($"The column '{repeated.Key}' is named twice among the id, time, value and covariate columns; expected each once.");
        Require(Horizon >= 1, nameof(Horizon), Horizon, "an integer >= 1");
        Require(ConfidenceLevel > 0 && ConfidenceLevel < 1, nameof(ConfidenceLevel), ConfidenceLevel, "a number in (0, 1)");
        Require(SeasonalPeriod >= 1, nameof(SeasonalPeriod), SeasonalPeriod, "an integer >= 1 (1 for no season)");
        Require(ContextLength >= 0, nameof(ContextLength), ContextLength, "0 (automatic) or a positive integer");
        Require(HiddenSize >= 1, nameof(HiddenSize), HiddenSize, "an integer >= 1");
        Require(NumberOfLayers >= 1, nameof(NumberOfLayers), NumberOfLayers, "an integer >= 1");
        Require(Epochs >= 1, nameof(Epochs), Epochs, "an integer >= 1");
        Require(MinTrainingSteps >= 0, nameof(MinTrainingSteps), MinTrainingSteps, "an integer >= 0");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "an integer >= 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "a positive number");
        Require(EnsembleSize >= 1, nameof(EnsembleSize), EnsembleSize, "an integer >= 1");
        Require(NumberOfThreads is null or >= 1, nameof(NumberOfThreads), NumberOfThreads, "null or an integer >= 1");
        Require(Enum.IsDefined(Cell), nameof(Cell), Cell, "Lstm, Gru or Rnn");
    }
}

using RecurrentML;
using RecurrentML.TimeSeries;

namespace Microsoft.ML;

/// <summary>Reads time-series files on <c>mlContext.Data</c>.</summary>
public static class TsFileCatalog
{
    /// <summary>
    /// Reads a sktime/UEA <c>.ts</c> file (the UCR and UEA time-series archives' format) into an <see cref="IDataView"/>
    /// with a step-major <c>Features</c> vector, the series <c>Length</c> and the <c>Label</c>; see <see cref="TsDataView"/>.
    /// Set the encoder's <c>FeaturesPerStep</c> to the result's <see cref="TsDataView.Dimensions"/>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The <c>.ts</c> file.</param>
    /// <param name="allowMissingValues">Whether <c>?</c> and <c>NaN</c> values are read as NaN; when false (the default)
    /// they are an error, since the encoders refuse NaN.</param>
    /// <exception cref="InvalidDataException">The file breaks the format; the message names the line and column.</exception>
    /// <example>
    /// <code>
    /// var train = mlContext.Data.LoadFromTsFile("BasicMotions_TRAIN.ts");
    /// var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    ///     .Append(mlContext.Transforms.Lstm(new LstmOptions { InputColumnName = "Features", FeaturesPerStep = train.Dimensions }))
    ///     .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy());
    /// </code>
    /// </example>
    public static TsDataView LoadFromTsFile(this DataOperationsCatalog catalog, string path, bool allowMissingValues = false)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        return TsDataView.Create(catalog, TsFileParser.Parse(path, allowMissingValues));
    }
}

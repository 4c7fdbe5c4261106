using System.Globalization;
using Microsoft.ML;

namespace RecurrentML;

/// <summary>
/// The training histories of a fitted or loaded pipeline, and their export. A pipeline's <c>Fit</c> returns a chain of
/// transformers; <see cref="RecurrentEncoders"/> and <see cref="LanguageModels"/> find RecurrentML's among them, each
/// with its <c>TrainingHistory</c> (one <see cref="EpochReport"/> per epoch, saved with the model).
/// <code>
/// var history = model.RecurrentEncoders()[0].TrainingHistory;
/// history.SaveCsv("history.csv");
/// </code>
/// </summary>
public static class TrainingHistoryExtensions
{
    /// <summary>The recurrent encoders of <paramref name="model"/>, in pipeline order, however deeply chains nest.</summary>
    public static IReadOnlyList<RecurrentEncoderTransformer> RecurrentEncoders(this ITransformer model) => Flatten(model).OfType<RecurrentEncoderTransformer>().ToList();

    /// <summary>The recurrent language models of <paramref name="model"/>, in pipeline order.</summary>
    public static IReadOnlyList<LanguageModelTransformer> LanguageModels(this ITransformer model) => Flatten(model).OfType<LanguageModelTransformer>().ToList();

    /// <summary>Writes the history as CSV (invariant culture, a header row, NaN where no rows were validated):
    /// epoch, training_loss, validation_loss, metric, validation_metric, seconds.</summary>
    public static void WriteCsv(this IReadOnlyList<EpochReport> history, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("epoch,training_loss,validation_loss,metric,validation_metric,seconds");
        foreach (var e in history)
            writer.WriteLine(string.Join(',', e.Epoch.ToString(CultureInfo.InvariantCulture), Number(e.TrainingLoss), Number(e.ValidationLoss),
                e.MetricName, Number(e.ValidationMetric), Number(e.Seconds)));
    }

    /// <summary>Writes the history to a CSV file at <paramref name="path"/> (see <see cref="WriteCsv"/>).</summary>
    public static void SaveCsv(this IReadOnlyList<EpochReport> history, string path)
    {
        using var writer = new StreamWriter(path);
        history.WriteCsv(writer);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static IEnumerable<ITransformer> Flatten(ITransformer model) => model switch
    {
        null => throw new ArgumentNullException(nameof(model)),
        IEnumerable<ITransformer> chain => chain.SelectMany(Flatten),
        _ => new[] { model },
    };
}

using Microsoft.ML;
using RecurrentML.Data;
using RecurrentML.Interop;

namespace RecurrentML;

/// <summary>
/// Turns a column of WAV file paths into frames of features (<see cref="AudioFeaturesOptions"/>). Nothing is learned:
/// <see cref="Fit"/> checks the column and returns the transformer, which reads each file when a row is read.
/// Created by <c>mlContext.Transforms.AudioFeatures</c>.
/// </summary>
public sealed class AudioFeaturesEstimator : IEstimator<AudioFeaturesTransformer>
{
    private readonly AudioFeaturesOptions _options;

    internal AudioFeaturesEstimator(AudioFeaturesOptions options)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        options.Validate();
        _options = options.Clone();
    }

    /// <summary>Checks that the path column exists as Text and adds the Vector&lt;Single&gt; features column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var input = inputSchema.FirstOrDefault(c => c.Name == _options.InputColumnName);
        if (input.Name == null)
            throw MissingColumn.Error(nameof(inputSchema), "Input", _options.InputColumnName, MissingColumn.InputOption, inputSchema.Select(c => c.Name));
        if (input.Kind != SchemaShape.Column.VectorKind.Scalar || input.ItemType is not Microsoft.ML.Data.TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Input column '{_options.InputColumnName}' has type {MlNetInternals.TypeName(input)}; expected String (a WAV file path per row).");
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_options.OutputColumnName] = MlNetInternals.FloatVectorColumn(_options.OutputColumnName);
        return new SchemaShape(columns.Values);
    }

    /// <summary>Checks the path column's type and returns the transformer.</summary>
    public AudioFeaturesTransformer Fit(IDataView input)
    {
        if (input == null) throw new ArgumentNullException(nameof(input));
        var transformer = new AudioFeaturesTransformer(_options);
        transformer.FindInput(input.Schema);
        return transformer;
    }
}

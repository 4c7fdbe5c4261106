using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Targets;
using RecurrentML.Training;
using RecurrentML.Transcription;

namespace RecurrentML;

/// <summary>
/// Trains a recurrent transcriber: from a column of float steps and a column of transcripts, a network that reads the
/// steps and emits the transcript's symbols, learned with CTC (<see cref="RecurrentTranscriberOptions"/>). Returns a
/// <see cref="RecurrentTranscriberTransformer"/>, which adds the recognised transcript. Created by
/// <c>mlContext.Transforms.RecurrentTranscriber</c>. The constructor only checks and stores the options; <see cref="Fit"/>
/// does the work.
/// </summary>
public sealed class RecurrentTranscriberEstimator : IEstimator<RecurrentTranscriberTransformer>
{
    private readonly IHost _host;
    private readonly RecurrentTranscriberOptions _options;

    internal RecurrentTranscriberEstimator(IHostEnvironment environment, RecurrentTranscriberOptions options)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        options.Validate();
        _host = environment.Register(nameof(RecurrentTranscriberEstimator));
        _options = options;
    }

    /// <summary>Checks the features and label columns and adds the transcript column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var features = inputSchema.FirstOrDefault(c => c.Name == _options.FeaturesColumnName);
        if (features.Name == null || features.ItemType != NumberDataViewType.Single || features.Kind == SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), features.Name == null
                ? $"Features column '{_options.FeaturesColumnName}' was not found; the data has the columns {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}."
                : $"Features column '{_options.FeaturesColumnName}' has type {MlNetInternals.TypeName(features)}; expected Vector<Single>.");
        var label = inputSchema.FirstOrDefault(c => c.Name == _options.LabelColumnName);
        if (label.Name == null || label.ItemType != TextDataViewType.Instance || label.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), label.Name == null
                ? $"Label column '{_options.LabelColumnName}' was not found; the data has the columns {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}."
                : $"Label column '{_options.LabelColumnName}' has type {MlNetInternals.TypeName(label)}; expected String.");
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_options.TranscriptColumnName] = MlNetInternals.TextColumn(_options.TranscriptColumnName);
        return new SchemaShape(columns.Values);
    }

    /// <summary>Reads every row, learns the symbols and the features' standardisation, trains the network and returns it.</summary>
    public RecurrentTranscriberTransformer Fit(IDataView input)
    {
        if (input == null) throw new ArgumentNullException(nameof(input));
        var settings = _options.ToSettings(_host, GateInitialization.Uniform, chronoMaxTimescale: 3);
        settings.Cancellation.ThrowIfCancelled();
        var features = TranscribedColumns.Features(input.Schema, _options.FeaturesColumnName, nameof(input));
        var label = TranscribedColumns.Label(input.Schema, _options.LabelColumnName, nameof(input));
        var rows = TranscribedColumns.ReadTraining(input, features, label, _options.FeaturesPerStep);
        var target = new CtcTranscript(rows.SelectMany(r => r.Transcript).Distinct().Order(StringComparer.Ordinal).ToArray());
        var classOf = target.Symbols.Select((symbol, i) => (symbol, i)).ToDictionary(p => p.symbol, p => p.i + 1);
        var transcripts = rows.Select(r => r.Transcript.Select(s => classOf[s]).ToArray()).ToList();
        for (int r = 0; r < rows.Count; r++)
        {
            int steps = rows[r].Steps.Length / _options.FeaturesPerStep, needed = CtcTranscript.StepsNeeded(transcripts[r]);
            if (steps < needed)
                throw new InvalidDataException($"Row {r}: '{string.Concat(rows[r].Transcript)}' needs at least {needed} steps to align to (a step per symbol, and a blank between equal neighbours); " +
                    $"column '{_options.FeaturesColumnName}' has {steps}.");
        }
        var standardization = FeatureStandardization.Fit(rows.Select(r => (ReadOnlyMemory<float>)r.Steps), _options.FeaturesPerStep);
        foreach (var row in rows) standardization.Apply(row.Steps);

        using var channel = _host.Start("Training recurrent transcriber");
        var device = TorchDevice.Select(_host, channel);
        var layers = new NetworkShape(_options.Cell, EmbeddingRows: 0, InputSize: _options.FeaturesPerStep, _options.HiddenSize,
            _options.NumberOfLayers, _options.Bidirectional, SequencePooling.Last, _options.Nonlinearity);
        channel.LogInfo($"Transcriber symbols: {target.Symbols.Length} ({string.Concat(target.Symbols)}).");
        var trained = new TranscriberTrainer(settings, channel.LogInfo, channel.LogTrace)
            .Train(rows.Select(r => r.Steps).ToList(), transcripts, layers, target, device);
        var model = new TranscriberModel(target.Symbols, standardization, layers, _options.BeamWidth, trained.History, NetworkWeights.Export(trained.Network));
        return new RecurrentTranscriberTransformer(_host, _options.FeaturesColumnName, _options.TranscriptColumnName, model,
            new TranscriberScorer(trained.Network, model.Classes, device));
    }
}

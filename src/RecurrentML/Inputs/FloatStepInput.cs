using Microsoft.ML.Data;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network.RowScoring;
using RecurrentML.Onnx;
using static RecurrentML.Interop.OnnxAttribute;
using static TorchSharp.torch;

namespace RecurrentML.Inputs;

/// <summary>Float-step input: a vector of floats holding FeaturesPerStep values per step (step-major), fed to the first
/// layer as they are, after the per-feature standardisation learned in Fit (<see cref="FeatureStandardization"/>).</summary>
internal sealed class FloatStepInput : InputKind
{
    public override SequenceKind Kind => SequenceKind.Floats;
    public override string ColumnType => "Vector<Single>";
    protected override string Description => "FeaturesPerStep values per step";

    protected override SequenceFormat FormatOf(string columnName, VectorDataViewType vector, int featuresPerStep, int maxLength, TruncationSide truncation)
    {
        if (vector.ItemType != NumberDataViewType.Single) return null;
        if (vector.IsKnownSize && vector.Size % featuresPerStep != 0)
            throw new ArgumentOutOfRangeException(nameof(vector),
                $"Input column '{columnName}' has fixed size {vector.Size}, which FeaturesPerStep = {featuresPerStep} does not divide; " +
                "expected a size that is a multiple of FeaturesPerStep.");
        return new SequenceFormat(SequenceKind.Floats, 0, featuresPerStep, maxLength, truncation);
    }

    public override void AddRow(SequenceColumnReader reader, SequenceStore store, float label) => store.AddValues(reader.ReadValues(), label);

    public override PaddedBatch Batch(SequenceStore store, IReadOnlyList<int> rows) =>
        PaddedBatch.FromValues(rows.Count, store.Format.FeaturesPerStep, i => store.Values(rows[i]));

    public override Tensor Tensor(PaddedBatch batch, Device device) =>
        tensor(batch.Values, new long[] { batch.Rows, batch.Steps, batch.Width }, device: device);

    public override SequenceFormat Prepare(SequenceFormat format, SequenceStore store, bool standardize)
    {
        if (!standardize) return format;
        var standardization = FeatureStandardization.Fit(store);
        store.Standardize(standardization);
        return format with { Standardization = standardization };
    }

    public override int EmbeddingRows(SequenceFormat format) => 0;

    public override int InputSize(SequenceFormat format, int embeddingSize) => format.FeaturesPerStep;

    public override bool Fits(SequenceFormat format, NetworkShape network) => network.EmbeddingRows == 0 && network.InputSize == format.FeaturesPerStep;

    public override bool Standardizes => true;

    public override void EncodeRow(RowEncoder encoder, SequenceColumnReader reader, Span<float> encoding, Func<int, Span<float>> stepWeights)
    {
        var values = reader.ReadValues();
        encoder.EncodeValues(values, encoding, stepWeights(values.Length / encoder.InputSize));
    }

    public override (string Steps, string NonFiniteRows) WriteOnnxSteps(OnnxGraphBuilder graph, string input, SequenceFormat format,
        IReadOnlyDictionary<string, NamedWeight> weights)
    {
        var stepAxis = OnnxSequenceSteps.StepAxis(graph);
        // NaN tests give the shape barrier an integer probe of the same width that is never negative.
        var isNaN = graph.Node("IsNaN", new[] { input }, "is_nan");
        var values = OnnxSequenceSteps.ShapeBarrier(graph, input, probe: graph.Node("Cast", new[] { isNaN }, "is_nan_int", ElementType("to", typeof(long))));
        values = graph.Node("Reshape", new[] { values, graph.Constant("step_shape", new long[] { 0, -1, format.FeaturesPerStep }, 3) }, "values_by_row");
        values = OnnxSequenceSteps.Truncate(graph, values, format, stepAxis);
        if (format.Standardization is { } standardization)
        {
            var centred = graph.Node("Sub", new[] { values, graph.Constant("feature_means", standardization.Means, standardization.Width) }, "centred");
            values = graph.Node("Div", new[] { centred, graph.Constant("feature_deviations", standardization.Deviations, standardization.Width) }, "standardized");
        }
        values = OnnxSequenceSteps.AtLeastOneStep(graph, values, stepAxis, rank: 3);
        return (graph.Node("Transpose", new[] { values }, "steps", Ints("perm", 1, 0, 2)), OnnxSequenceSteps.NonFiniteRows(graph, values));
    }
}

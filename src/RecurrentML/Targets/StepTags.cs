using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Interop;

namespace RecurrentML.Targets;

/// <summary>
/// One tag per token, a tagger's target: a vector column of keys (<c>MapValueToKey</c> on a column of tag strings) whose
/// key values are the <paramref name="Tags"/>; metric token accuracy. The tags are saved with the tagger (its predicted
/// keys carry them as key values); the loss is the output layer's (per-token softmax or linear-chain CRF, in
/// <c>Network/TaggerNetwork</c>).
/// </summary>
internal sealed record StepTags(string[] Tags) : Target
{
    public override string MetricName => "token accuracy";
    public override bool HigherMetricIsBetter => true;
    public override string Description => $"one of {Tags.Length} tags per token";

    /// <summary>The tag column and its target, or an exception naming the column, the type found and the type expected.</summary>
    public static (DataViewSchema.Column Column, StepTags Target) FromColumn(DataViewSchema schema, string name, string parameter)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(parameter, $"Label column '{name}' was not found; the data has the columns {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
        if (column.Type is not VectorDataViewType { ItemType: KeyDataViewType key } || key.RawType != typeof(uint))
            throw new ArgumentOutOfRangeException(parameter, $"Label column '{name}' has type {column.Type}; expected Vector<Key<UInt32>> (one tag per token, e.g. MapValueToKey on a column of tag strings).");
        if (key.Count < 2 || key.Count > 100_000)
            throw new ArgumentOutOfRangeException(parameter, $"Label column '{name}' has {key.Count} tags; expected 2 to 100,000.");
        if (!column.HasKeyValues())
            return (column, new StepTags(Enumerable.Range(1, (int)key.Count).Select(k => k.ToString()).ToArray()));
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.GetKeyValues(ref values);
        return (column, new StepTags(values.DenseValues().Select(v => v.ToString()).ToArray()));
    }

    /// <summary>Checks the tag column of an estimator's input schema: a vector of keys.</summary>
    public static SchemaShape.Column CheckShape(SchemaShape inputSchema, string name)
    {
        var label = inputSchema.FirstOrDefault(c => c.Name == name);
        if (label.Name == null || !label.IsKey || label.Kind == SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), label.Name == null
                ? $"Label column '{name}' was not found; the data has the columns {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}."
                : $"Label column '{name}' has type {MlNetInternals.TypeName(label)}; expected Vector<Key<UInt32>>.");
        return label;
    }
}

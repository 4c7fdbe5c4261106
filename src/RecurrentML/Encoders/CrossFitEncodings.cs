using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Training;

namespace RecurrentML.Encoders;

/// <summary>
/// The out-of-fold encodings and scores of the rows an encoder was fitted on, keyed by row id, and a weak reference to
/// the data view they came from. Transforming that same view (as a pipeline's Fit does, to train the next step) gives
/// each row its out-of-fold values; any other view is encoded and scored by the network trained on all rows. The weak reference lets
/// the training data go when the caller drops it.
/// </summary>
internal sealed class CrossFitEncodings
{
    private readonly WeakReference<IDataView> _trainingData;
    private readonly Dictionary<DataViewRowId, int> _rowOf;
    private readonly float[] _encodings, _scores;
    private readonly int _size, _outputs;

    public CrossFitEncodings(IDataView trainingData, IReadOnlyList<DataViewRowId> rowIds, CrossFitResult crossFit, int encodingSize, int outputs)
    {
        _trainingData = new WeakReference<IDataView>(trainingData);
        _rowOf = new Dictionary<DataViewRowId, int>(rowIds.Count);
        for (int i = 0; i < rowIds.Count; i++) _rowOf[rowIds[i]] = i;
        (_encodings, _scores) = (crossFit.Encodings, crossFit.Scores);
        (_size, _outputs) = (encodingSize, outputs);
    }

    public bool IsFor(IDataView data) => _trainingData.TryGetTarget(out var fitted) && ReferenceEquals(fitted, data);

    /// <summary>Writes the out-of-fold encoding of row <paramref name="id"/>, and its scores unless
    /// <paramref name="scores"/> is empty; false (and nothing written) for a row that did not train, such as one with a
    /// missing label.</summary>
    public bool TryCopy(DataViewRowId id, Span<float> encoding, Span<float> scores)
    {
        if (!_rowOf.TryGetValue(id, out int row)) return false;
        _encodings.AsSpan(row * _size, _size).CopyTo(encoding);
        if (!scores.IsEmpty) _scores.AsSpan(row * _outputs, _outputs).CopyTo(scores);
        return true;
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Encoders;

/// <summary>
/// The out-of-fold encodings of the rows an encoder was fitted on, keyed by row id, and a weak reference to the data
/// view they came from. Transforming that same view (as a pipeline's Fit does, to train the next step) gives each
/// row's out-of-fold encoding; any other view is encoded by the network trained on all rows. The weak reference lets
/// the training data go when the caller drops it.
/// </summary>
internal sealed class CrossFitEncodings
{
    private readonly WeakReference<IDataView> _trainingData;
    private readonly Dictionary<DataViewRowId, int> _rowOf;
    private readonly float[] _encodings;
    private readonly int _size;

    public CrossFitEncodings(IDataView trainingData, IReadOnlyList<DataViewRowId> rowIds, float[] encodings, int encodingSize)
    {
        _trainingData = new WeakReference<IDataView>(trainingData);
        _rowOf = new Dictionary<DataViewRowId, int>(rowIds.Count);
        for (int i = 0; i < rowIds.Count; i++) _rowOf[rowIds[i]] = i;
        _encodings = encodings;
        _size = encodingSize;
    }

    public bool IsFor(IDataView data) => _trainingData.TryGetTarget(out var fitted) && ReferenceEquals(fitted, data);

    /// <summary>Writes the out-of-fold encoding of row <paramref name="id"/> into <paramref name="destination"/>; false
    /// (and nothing written) for a row that did not train, such as one with a missing label.</summary>
    public bool TryCopy(DataViewRowId id, Span<float> destination)
    {
        if (!_rowOf.TryGetValue(id, out int row)) return false;
        _encodings.AsSpan(row * _size, _size).CopyTo(destination);
        return true;
    }
}

using RecurrentML.Network;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// Keeps some rows of an embedding as they are while the others train (pretrained word vectors, frozen): their gradient
/// is zeroed after backward, so that they neither count in the clipped gradient norm nor feed Adam's moments, and the
/// rows are written back after the update, because Adam's weight decay moves a weight whose gradient is zero.
/// </summary>
internal sealed class FrozenEmbeddingRows : IDisposable
{
    private readonly Parameter _embedding;
    private readonly Tensor _rows;
    private readonly Tensor _values;
    private readonly Func<int, bool> _frozenIn;
    private bool _active;

    /// <param name="embedding">The embedding's weight.</param>
    /// <param name="rows">The rows to hold.</param>
    /// <param name="frozenIn">Whether the rows are held in an epoch (1-based).</param>
    public FrozenEmbeddingRows(Parameter embedding, int[] rows, Func<int, bool> frozenIn)
    {
        _embedding = embedding;
        _frozenIn = frozenIn;
        _rows = tensor(rows.Select(r => (long)r).ToArray(), device: embedding.device);
        _values = embedding.index_select(0, _rows).detach().clone();
    }

    /// <summary>Holds or frees the rows for the steps of <paramref name="epoch"/>.</summary>
    public void StartEpoch(int epoch) => _active = _frozenIn(epoch);

    /// <summary>Zeroes the held rows' gradient; call between backward and clipping.</summary>
    public void ZeroGradient()
    {
        if (_active && _embedding.grad is { } gradient) gradient.index_fill_(0, _rows, HeldScalars.Zero);
    }

    /// <summary>Writes the held rows back; call after the optimizer's step.</summary>
    public void Restore()
    {
        if (!_active) return;
        using var noGrad = no_grad();
        _embedding.index_copy_(0, _rows, _values);
    }

    public void Dispose()
    {
        _rows.Dispose();
        _values.Dispose();
    }
}

using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>A recurrent layer's state between two calls: the hidden state [directions, batch, hidden] and, for an
/// LSTM, the cell state of the same shape (null for the other cells).</summary>
internal sealed record LayerState(Tensor Hidden, Tensor Cell)
{
    /// <summary>The same state cut from the graph that computed it: truncated backpropagation through time carries
    /// the values into the next chunk but not the gradients.</summary>
    public LayerState Detach() => new(Hidden.detach(), Cell?.detach());

    /// <summary>The state of the rows <paramref name="rows"/> only (a batch of one row repeated, for example).</summary>
    public LayerState Select(Tensor rows) => new(Hidden.index_select(1, rows), Cell?.index_select(1, rows));

    /// <summary>Keeps both tensors beyond the current dispose scope.</summary>
    public LayerState MoveToOuterDisposeScope() => new(Hidden.MoveToOuterDisposeScope(), Cell?.MoveToOuterDisposeScope());

    /// <summary>Frees every layer's tensors (states kept beyond a dispose scope); null does nothing.</summary>
    public static void Dispose(LayerState[] states)
    {
        foreach (var state in states ?? Array.Empty<LayerState>())
        {
            state.Hidden.Dispose();
            state.Cell?.Dispose();
        }
    }
}

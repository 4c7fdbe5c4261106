namespace RecurrentML.Network.RowScoring;

/// <summary>
/// The first layer's input gates of each token, W_ih · embedding[token] + b_ih for every direction, computed the first
/// time a token is read and kept: a row of tokens then costs only the recurrent products. Filled from any number of
/// threads (two threads computing the same token store equal values). The cache stops growing at
/// <see cref="MaxCachedValues"/>; tokens beyond it are projected on every read.
/// </summary>
internal sealed class TokenProjections
{
    /// <summary>16 M floats (64 MB): a 20,000-word vocabulary of a one-direction LSTM with hidden 128 takes 40 MB.</summary>
    internal const long MaxCachedValues = 16L << 20;

    private readonly float[][] _cached;
    private readonly float[] _embedding;
    private readonly int _embeddingSize;
    private readonly GateMatrix[] _directions;
    private long _cachedValues;

    /// <summary>Projections of the row-major [tokens, <paramref name="embeddingSize"/>] <paramref name="embedding"/>
    /// through each direction's input matrix of the first layer, <paramref name="directions"/>.</summary>
    public TokenProjections(float[] embedding, int embeddingSize, GateMatrix[] directions)
    {
        _embedding = embedding;
        _embeddingSize = embeddingSize;
        _directions = directions;
        _cached = new float[embedding.Length / embeddingSize][];
    }

    /// <summary>Values per token: the gate rows of every direction, one direction after the other.</summary>
    public int Width => _directions.Length * _directions[0].Rows;

    /// <summary>The token's input gates of every direction; <paramref name="scratch"/> ([<see cref="Width"/>]) holds
    /// them when the cache is full.</summary>
    public ReadOnlySpan<float> Of(int token, Span<float> scratch)
    {
        if (Volatile.Read(ref _cached[token]) is { } cached) return cached;
        if (Interlocked.Add(ref _cachedValues, Width) > MaxCachedValues)
        {
            Interlocked.Add(ref _cachedValues, -Width);
            Project(token, scratch);
            return scratch;
        }
        var values = new float[Width];
        Project(token, values);
        if (Interlocked.CompareExchange(ref _cached[token], values, null) is not { } stored) return values;
        Interlocked.Add(ref _cachedValues, -Width);
        return stored;
    }

    private void Project(int token, Span<float> values)
    {
        var embedded = _embedding.AsSpan(token * _embeddingSize, _embeddingSize);
        int rows = _directions[0].Rows;
        for (int d = 0; d < _directions.Length; d++) _directions[d].Apply(embedded, values.Slice(d * rows, rows));
    }
}

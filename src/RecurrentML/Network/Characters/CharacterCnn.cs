using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network.Characters;

/// <summary>
/// A word's features from its spelling (the character CNN of Ma and Hovy 2016): each character's embedding, a
/// convolution over windows of <see cref="Width"/> characters (<see cref="WindowConvolution"/>: torch's own conv1d is
/// wrong on some CPUs), and per filter the maximum over the word's characters, through tanh. A tagger puts these
/// beside the word's embedding, so that a word never seen in training still gets a representation from its prefixes,
/// suffixes, digits and capitals. Weights: <c>embedding.weight</c> [characters + 2, embedding] (row 0, padding, zero
/// and kept zero: its gradient is zero), <c>convolution.weight</c> [filters, embedding, width] (torch's Conv1d layout)
/// and <c>convolution.bias</c> [filters]. A word's output does not depend on the batch it is in: padding after it
/// reads as zero, as the convolution's own zero padding does, and takes no part in the maximum.
/// </summary>
/// <remarks>
/// tanh rather than ReLU: a ReLU filter that is negative on every window of every word has a zero gradient and stays
/// dead, while tanh passes a gradient for any window; and its outputs stay in (−1, 1) beside the word embedding.
/// </remarks>
internal sealed class CharacterCnn : nn.Module<Tensor, Tensor>
{
    public const string EmbeddingWeight = "embedding.weight", ConvolutionWeight = "convolution.weight", ConvolutionBias = "convolution.bias";

    /// <summary>The tagger's sizes: character embeddings of 25 (as Lample et al. 2016's), 50 filters, windows of 3
    /// characters (as Ma and Hovy's).</summary>
    public const int DefaultEmbeddingSize = 25, DefaultFilters = 50, DefaultWidth = 3;

    // Field names are the parameter names' prefixes (RegisterComponents).
    private readonly Embedding embedding;
    private readonly WindowConvolution convolution;

    /// <summary>A CNN over the ids of a vocabulary of <paramref name="characters"/> known characters
    /// (<see cref="CharacterVocabulary.Rows"/> = characters + 2), with weights drawn from <paramref name="generator"/>:
    /// character embeddings uniform in ±√(3 / embedding) (Ma and Hovy's initialisation, variance 1 / embedding), the
    /// convolution uniform in ±1/√(embedding · width) (torch's default bound for a Conv1d). The width is odd: each window is
    /// centred on a character, and the convolution's padding of width / 2 on both sides gives a word of one character
    /// a window.</summary>
    public CharacterCnn(int characters, Generator generator, int embeddingSize = DefaultEmbeddingSize, int filters = DefaultFilters, int width = DefaultWidth)
        : base(nameof(CharacterCnn))
    {
        if (characters < 0) throw new ArgumentOutOfRangeException(nameof(characters), characters, $"Characters is {characters}; expected 0 or more.");
        if (embeddingSize < 1) throw new ArgumentOutOfRangeException(nameof(embeddingSize), embeddingSize, $"EmbeddingSize is {embeddingSize}; expected at least 1.");
        if (filters < 1) throw new ArgumentOutOfRangeException(nameof(filters), filters, $"Filters is {filters}; expected at least 1.");
        Filters = filters;
        Width = width;
        embedding = nn.Embedding(CharacterVocabulary.FirstCharacter + characters, embeddingSize, padding_idx: CharacterVocabulary.Padding);
        convolution = new WindowConvolution(embeddingSize, filters, width);
        RegisterComponents();

        using var noGrad = no_grad();
        UniformInitialization.Fill(embedding.weight, Math.Sqrt(3.0 / embeddingSize), generator);
        using (var paddingRow = embedding.weight[CharacterVocabulary.Padding]) paddingRow.zero_();
        double bound = 1 / Math.Sqrt(embeddingSize * width);
        foreach (var parameter in convolution.parameters()) UniformInitialization.Fill(parameter, bound, generator);
    }

    /// <summary>Features per word.</summary>
    public int Filters { get; }

    /// <summary>Characters per convolution window.</summary>
    public int Width { get; }

    /// <summary>The input of <see cref="forward"/> for <paramref name="words"/> (each word's ids, as
    /// <see cref="CharacterVocabulary.Ids"/> gives them): [words, longest word, at least 1] int64, padded with
    /// <see cref="CharacterVocabulary.Padding"/>.</summary>
    public static Tensor Batch(IReadOnlyList<int[]> words)
    {
        int longest = Math.Max(1, words.Select(w => w.Length).DefaultIfEmpty().Max());
        var ids = new long[words.Count * longest];
        for (int w = 0; w < words.Count; w++)
            for (int c = 0; c < words[w].Length; c++) ids[w * longest + c] = words[w][c];
        return tensor(ids, new long[] { words.Count, longest });
    }

    /// <summary>[words, maxCharacters] int64 character ids, each word's characters first and then padding (id 0) →
    /// [words, <see cref="Filters"/>]. A word of no characters reads as one padding character: its features are
    /// tanh(bias).</summary>
    public override Tensor forward(Tensor charIds)
    {
        if (charIds.dim() != 2 || charIds.shape[1] < 1 || charIds.dtype != ScalarType.Int64)
            throw new ArgumentException($"Character ids are {charIds.dtype} of shape [{string.Join(", ", charIds.shape)}]; expected Int64 [words, maxCharacters] with maxCharacters at least 1.", nameof(charIds));
        using var scope = NewDisposeScope();
        using var paddingId = ((long)CharacterVocabulary.Padding).ToScalar(); // held: see UniformInitialization
        using var firstPosition = 0L.ToScalar();
        using var negativeInfinity = float.NegativeInfinity.ToScalar();
        // [words, characters, filters]: window t is centred on character t.
        var windows = convolution.call(embedding.call(charIds));
        // Padding positions, except the first: a word of no characters keeps one window.
        var afterFirst = StepPositions.Of(charIds.shape[1], charIds.device).gt(firstPosition);
        var padding = charIds.eq(paddingId).logical_and(afterFirst.unsqueeze(0));
        var scores = windows.masked_fill(padding.unsqueeze(2), negativeInfinity);
        // tanh is increasing, so the maximum before it is the maximum after it, at one tanh per word and filter.
        return scores.max(1).values.tanh().MoveToOuterDisposeScope();
    }
}

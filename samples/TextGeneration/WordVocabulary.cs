using Microsoft.ML;

namespace TextGeneration;

/// <summary>The words that become keys: those seen at least a minimum number of times in the training paragraphs
/// (after the pipeline's normalisation: lower case), most frequent first. MapValueToKey maps every other word to the
/// missing key, which the language model reads and predicts as "unknown" and never generates.</summary>
public sealed class WordVocabulary
{
    private sealed class Word
    {
        public string Value { get; set; }
    }

    private WordVocabulary(IDataView keyData, int count) => (KeyData, Count) = (keyData, count);

    public IDataView KeyData { get; }
    public int Count { get; }

    public static WordVocabulary Build(MLContext mlContext, IEnumerable<Paragraph> paragraphs, int minimumCount)
    {
        var words = paragraphs.SelectMany(p => p.Text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(w => w).Where(g => g.Count() >= minimumCount).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Word { Value = g.Key }).ToList();
        return new WordVocabulary(mlContext.Data.LoadFromEnumerable(words), words.Count);
    }
}

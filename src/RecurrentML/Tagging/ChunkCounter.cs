namespace RecurrentML.Tagging;

/// <summary>
/// Counts tokens, correct tags and entities over sentences of gold and predicted tags read side by side, the way
/// conlleval does: chunks start and end by <see cref="ChunkBoundaries"/>, a sentence end is one more <c>O</c> token that
/// is not counted, and a predicted chunk is correct when it starts and ends with a gold chunk of its type, tracked token by
/// token with conlleval's "inside a correct chunk" flag.
/// </summary>
internal sealed class ChunkCounter
{
    private sealed class Counts
    {
        public long Gold, Predicted, Correct;
    }

    private readonly Dictionary<string, Counts> _byType = new(StringComparer.Ordinal);
    private ChunkTag _lastGold = ChunkTag.Outside;
    private ChunkTag _lastPredicted = ChunkTag.Outside;
    private bool _inCorrectChunk;
    private long _tokens;
    private long _correctTags;

    public void AddToken(string gold, string predicted)
    {
        var goldTag = ChunkTag.Parse(gold);
        var predictedTag = ChunkTag.Parse(predicted);
        Step(goldTag, predictedTag);
        _tokens++;
        if (goldTag == predictedTag) _correctTags++;
    }

    public void EndSentence() => Step(ChunkTag.Outside, ChunkTag.Outside);

    /// <summary>The counts so far; a correct chunk still open counts, as conlleval counts one open at the end of its input.</summary>
    public TaggingMetrics Metrics()
    {
        var byType = new SortedDictionary<string, EntityMetrics>(StringComparer.Ordinal);
        foreach (var (type, counts) in _byType)
            byType[type] = new EntityMetrics(counts.Gold, counts.Predicted, counts.Correct + (_inCorrectChunk && type == _lastGold.Type ? 1 : 0));
        var all = new EntityMetrics(byType.Values.Sum(m => m.GoldEntities), byType.Values.Sum(m => m.PredictedEntities), byType.Values.Sum(m => m.CorrectEntities));
        return new TaggingMetrics(_tokens, _correctTags, all, byType);
    }

    private void Step(ChunkTag gold, ChunkTag predicted)
    {
        bool goldEnds = ChunkBoundaries.Ends(_lastGold, gold);
        bool predictedEnds = ChunkBoundaries.Ends(_lastPredicted, predicted);
        bool goldStarts = ChunkBoundaries.Starts(_lastGold, gold);
        bool predictedStarts = ChunkBoundaries.Starts(_lastPredicted, predicted);
        if (_inCorrectChunk)
        {
            if (goldEnds && predictedEnds && _lastGold.Type == _lastPredicted.Type)
            {
                _inCorrectChunk = false;
                For(_lastGold.Type).Correct++;
            }
            else if (goldEnds != predictedEnds || gold.Type != predicted.Type)
            {
                _inCorrectChunk = false;
            }
        }
        if (goldStarts && predictedStarts && gold.Type == predicted.Type) _inCorrectChunk = true;
        if (goldStarts) For(gold.Type).Gold++;
        if (predictedStarts) For(predicted.Type).Predicted++;
        _lastGold = gold;
        _lastPredicted = predicted;
    }

    private Counts For(string type)
    {
        if (!_byType.TryGetValue(type, out var counts)) _byType[type] = counts = new Counts();
        return counts;
    }
}

using Microsoft.ML;

using RecurrentML.Tagging;

namespace RecurrentML;

/// <summary>
/// Scores predicted tags against gold tags: token accuracy (part-of-speech tagging) and entity-level precision, recall
/// and F1 (named-entity recognition), computed as the CoNLL shared tasks' conlleval script computes them so that the
/// numbers compare with published ones. Entities are read from IOB tags (<c>B-PER I-PER</c>; also IOB1, IOE and IOBES);
/// see <see cref="EntityMetrics"/> for when a predicted entity is correct.
/// </summary>
public static class TaggingEvaluation
{
    /// <summary>Scores sentences of gold and predicted tags, one predicted tag per gold tag.</summary>
    /// <param name="sentences">Each sentence's gold tags and predicted tags, of the same length.</param>
    /// <exception cref="ArgumentException">A sentence's two lists differ in length, or hold a null or empty tag; the message
    /// names the sentence by its 0-based position.</exception>
    public static TaggingMetrics Evaluate(IEnumerable<(IReadOnlyList<string> Gold, IReadOnlyList<string> Predicted)> sentences)
    {
        if (sentences == null) throw new ArgumentNullException(nameof(sentences));
        return Count(sentences, index => $"Sentence {index}", "Gold", "Predicted", nameof(sentences));
    }

    /// <summary>Scores the rows of a data view, each a sentence's gold and predicted tags: two vector columns of the
    /// same length in each row, of Text or of keys with their tags as key values (as <c>MapValueToKey</c> makes them,
    /// and a tagger predicts them), in any mix.</summary>
    /// <param name="data">The scored data.</param>
    /// <param name="goldColumnName">The gold tags; <c>Tags</c>, as the CoNLL readers name them, by default.</param>
    /// <param name="predictedColumnName">The predicted tags.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of another type.</exception>
    /// <exception cref="ArgumentException">A row's two columns differ in length, or hold an empty tag or a key without a
    /// tag; the message names the row by its 0-based position.</exception>
    public static TaggingMetrics Evaluate(IDataView data, string goldColumnName = "Tags", string predictedColumnName = "PredictedTags")
    {
        if (data == null) throw new ArgumentNullException(nameof(data));
        var gold = TagColumnReader.Find(data.Schema, goldColumnName, "Gold tag", nameof(goldColumnName));
        var predicted = TagColumnReader.Find(data.Schema, predictedColumnName, "Predicted tag", nameof(predictedColumnName));
        return Count(Rows(data, gold, predicted), index => $"Row {index}", $"column '{gold.Name}'", $"column '{predicted.Name}'", nameof(data));
    }

    private static IEnumerable<(IReadOnlyList<string>, IReadOnlyList<string>)> Rows(IDataView data, DataViewSchema.Column gold, DataViewSchema.Column predicted)
    {
        using var cursor = data.GetRowCursor(new[] { gold, predicted });
        var goldTags = new TagColumnReader(cursor, gold);
        var predictedTags = new TagColumnReader(cursor, predicted);
        while (cursor.MoveNext()) yield return (goldTags.Read(cursor.Position), predictedTags.Read(cursor.Position));
    }

    /// <param name="sentences">Each sentence's gold and predicted tags.</param>
    /// <param name="item">Names a sentence by its position, for messages.</param>
    /// <param name="goldName">Where the gold tags are, for messages.</param>
    /// <param name="predictedName">Where the predicted tags are, for messages.</param>
    /// <param name="parameterName">The argument that held the sentences.</param>
    private static TaggingMetrics Count(IEnumerable<(IReadOnlyList<string> Gold, IReadOnlyList<string> Predicted)> sentences,
        Func<long, string> item, string goldName, string predictedName, string parameterName)
    {
        var counter = new ChunkCounter();
        long index = 0;
        foreach (var (gold, predicted) in sentences)
        {
            if (gold == null || predicted == null)
                throw new ArgumentException($"{item(index)} has no {(gold == null ? goldName : predictedName)} tags (null); expected a list of tags, empty for an empty sentence.", parameterName);
            if (gold.Count != predicted.Count)
                throw new ArgumentException($"{item(index)} has {gold.Count} tags in {goldName} but {predicted.Count} in {predictedName}; expected one predicted tag per gold tag.", parameterName);
            for (int t = 0; t < gold.Count; t++)
            {
                bool goldMissing = string.IsNullOrEmpty(gold[t]);
                if (goldMissing || string.IsNullOrEmpty(predicted[t]))
                    throw new ArgumentException($"{item(index)} has {((goldMissing ? gold[t] : predicted[t]) == null ? "a null" : "an empty")} tag at position {t} " +
                        $"in {(goldMissing ? goldName : predictedName)}; expected a tag such as O or B-PER.", parameterName);
                counter.AddToken(gold[t], predicted[t]);
            }
            counter.EndSentence();
            index++;
        }
        return counter.Metrics();
    }
}

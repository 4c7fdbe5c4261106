using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Tagging;
using Xunit;

using static RecurrentML.Tests.Tagging.TaggingTestFiles;

namespace RecurrentML.Tests.Tagging;

/// <summary>
/// <see cref="TaggingEvaluation"/> against numbers worked out by hand with conlleval's rules: an entity (chunk) starts at
/// B-X, at I-X after O or after another type, and ends where the next token does not continue it; a predicted entity is
/// correct when its first token, last token and type equal a gold entity's. P = correct / predicted, R = correct / gold,
/// F1 = 2PR / (P + R).
/// </summary>
public sealed class TaggingEvaluationTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void An_entity_predicted_one_token_short_is_a_miss_and_a_false_find()
    {
        var metrics = Evaluate(("B-PER I-PER O B-LOC", "B-PER O O B-LOC"));
        // Gold: PER tokens 0-1, LOC 3. Predicted: PER 0-0, LOC 3. Only LOC is correct: 1 of 2 predicted, of 2 gold.
        Assert.Equal(new EntityMetrics(2, 2, 1), metrics.Entities);
        Assert.Equal(0.5, metrics.Entities.Precision, Tolerance);
        Assert.Equal(0.5, metrics.Entities.Recall, Tolerance);
        Assert.Equal(0.5, metrics.Entities.F1, Tolerance); // 2 x 0.5 x 0.5 / (0.5 + 0.5)
        // Tags equal at tokens 0, 2 and 3: 3 of 4.
        Assert.Equal((4, 3), (metrics.Tokens, metrics.CorrectTags));
        Assert.Equal(0.75, metrics.TokenAccuracy, Tolerance);
        Assert.Equal(new[] { "LOC", "PER" }, metrics.EntitiesByType.Keys);
        Assert.Equal(new EntityMetrics(1, 1, 1), metrics.EntitiesByType["LOC"]);
        Assert.Equal(new EntityMetrics(1, 1, 0), metrics.EntitiesByType["PER"]);
        Assert.Equal((0.0, 0.0, 0.0), (metrics.EntitiesByType["PER"].Precision, metrics.EntitiesByType["PER"].Recall, metrics.EntitiesByType["PER"].F1));
        Assert.Equal(1.0, metrics.EntitiesByType["LOC"].F1, Tolerance);
    }

    [Fact]
    public void An_I_tag_after_O_or_after_another_type_begins_an_entity()
    {
        // Gold: I-PER after O begins PER 1-2; I-LOC after O begins LOC 4; B-LOC after I-LOC begins LOC 5.
        // Predicted (IOB2): PER 1-2, LOC 4, LOC 5. All 3 are correct, though the tags differ at tokens 1 and 4 (4 of 6 equal).
        var metrics = Evaluate(("O I-PER I-PER O I-LOC B-LOC", "O B-PER I-PER O B-LOC B-LOC"));
        Assert.Equal(new EntityMetrics(3, 3, 3), metrics.Entities);
        Assert.Equal(1.0, metrics.Entities.F1, Tolerance);
        Assert.Equal((6, 4), (metrics.Tokens, metrics.CorrectTags));

        // I-LOC right after B-PER: the type changes, so PER 0 ends and LOC 1 begins, as B-LOC would begin it.
        var typeChange = Evaluate(("B-PER I-LOC", "B-PER B-LOC"));
        Assert.Equal(new EntityMetrics(2, 2, 2), typeChange.Entities);
        Assert.Equal(new EntityMetrics(1, 1, 1), typeChange.EntitiesByType["LOC"]);
    }

    [Fact]
    public void An_entity_of_the_right_span_and_another_type_is_not_correct()
    {
        // Gold PER 0-1, predicted ORG 0-1: 0 correct of 1 predicted, of 1 gold; each type appears with its own counts.
        var metrics = Evaluate(("B-PER I-PER O", "B-ORG I-ORG O"));
        Assert.Equal(new EntityMetrics(1, 1, 0), metrics.Entities);
        Assert.Equal((0.0, 0.0, 0.0), (metrics.Entities.Precision, metrics.Entities.Recall, metrics.Entities.F1));
        Assert.Equal(new EntityMetrics(0, 1, 0), metrics.EntitiesByType["ORG"]);
        Assert.Equal(new EntityMetrics(1, 0, 0), metrics.EntitiesByType["PER"]);
        Assert.Equal(1.0 / 3, metrics.TokenAccuracy, Tolerance); // only the O
    }

    [Fact]
    public void An_entity_ends_with_its_sentence()
    {
        var metrics = Evaluate(
            ("O B-LOC", "O B-LOC"),          // LOC 1 ends with the sentence
            ("I-LOC O", "B-LOC O"),          // so this I-LOC begins a new LOC 0 (after the boundary, read as O)
            ("B-PER I-PER", "B-PER I-PER")); // PER 0-1, ending with the last sentence
        // 3 gold, 3 predicted, all correct; tags differ only at the second sentence's first token: 5 of 6.
        Assert.Equal(new EntityMetrics(3, 3, 3), metrics.Entities);
        Assert.Equal(new EntityMetrics(2, 2, 2), metrics.EntitiesByType["LOC"]);
        Assert.Equal((6, 5), (metrics.Tokens, metrics.CorrectTags));
    }

    [Fact]
    public void Empty_sentences_and_O_tags_make_no_entities()
    {
        var nothing = TaggingEvaluation.Evaluate(Array.Empty<(IReadOnlyList<string>, IReadOnlyList<string>)>());
        Assert.Equal((0, 0, 0.0), (nothing.Tokens, nothing.CorrectTags, nothing.TokenAccuracy));
        Assert.Equal(new EntityMetrics(0, 0, 0), nothing.Entities);
        Assert.Empty(nothing.EntitiesByType);

        // Empty sentences add nothing; three O tokens are 3 of 3 correct and no entity, so P, R and F1 are 0 (no 0 / 0).
        var allO = Evaluate(("", ""), ("O O O", "O O O"), ("", ""));
        Assert.Equal((3, 3, 1.0), (allO.Tokens, allO.CorrectTags, allO.TokenAccuracy));
        Assert.Equal(new EntityMetrics(0, 0, 0), allO.Entities);
        Assert.Equal((0.0, 0.0, 0.0), (allO.Entities.Precision, allO.Entities.Recall, allO.Entities.F1));
        Assert.Empty(allO.EntitiesByType);
    }

    [Fact]
    public void Scores_per_type_over_several_sentences()
    {
        var metrics = Evaluate(
            ("B-PER I-PER O B-ORG O B-LOC", "B-PER I-PER O B-LOC O B-LOC"),
            ("O B-ORG I-ORG I-ORG O", "O B-ORG I-ORG O O"),
            ("B-LOC O O", "B-LOC O B-PER"));
        // Gold:      PER 0-1, ORG 3, LOC 5 | ORG 1-3 | LOC 0         -> PER 1, ORG 2, LOC 2: 5
        // Predicted: PER 0-1, LOC 3, LOC 5 | ORG 1-2 | LOC 0, PER 2  -> PER 2, ORG 1, LOC 3: 6
        // Correct:   PER 0-1, LOC 5        | (1-2 is not 1-3) | LOC 0 -> PER 1, ORG 0, LOC 2: 3
        Assert.Equal(new EntityMetrics(5, 6, 3), metrics.Entities);
        Assert.Equal(0.5, metrics.Entities.Precision, Tolerance);      // 3 / 6
        Assert.Equal(0.6, metrics.Entities.Recall, Tolerance);         // 3 / 5
        Assert.Equal(6.0 / 11, metrics.Entities.F1, Tolerance);        // 2 x 0.5 x 0.6 / 1.1
        Assert.Equal(new EntityMetrics(1, 2, 1), metrics.EntitiesByType["PER"]);
        Assert.Equal(2.0 / 3, metrics.EntitiesByType["PER"].F1, Tolerance); // P 1/2, R 1: 1 / 1.5
        Assert.Equal(new EntityMetrics(2, 1, 0), metrics.EntitiesByType["ORG"]);
        Assert.Equal(0.0, metrics.EntitiesByType["ORG"].F1);
        Assert.Equal(new EntityMetrics(2, 3, 2), metrics.EntitiesByType["LOC"]);
        Assert.Equal(0.8, metrics.EntitiesByType["LOC"].F1, Tolerance);    // P 2/3, R 1: (4/3) / (5/3)
        Assert.Equal(new[] { "LOC", "ORG", "PER" }, metrics.EntitiesByType.Keys);
        // Tags: 5 of 6 equal (token 3 differs), 4 of 5 (token 3), 2 of 3 (token 2): 11 of 14.
        Assert.Equal((14, 11), (metrics.Tokens, metrics.CorrectTags));
        Assert.Equal(11.0 / 14, metrics.TokenAccuracy, Tolerance);
    }

    [Fact]
    public void IOBES_single_and_end_tags_delimit_entities()
    {
        // Gold: PER 0, PER 1 (S- after S- is a new entity), LOC 3-5. Predicted: PER 0, PER 1, LOC 3-4 (E- ends it), LOC 5.
        // Correct: the two PER: 2 of 4 predicted, of 3 gold. F1 = 2 x 1/2 x 2/3 / (1/2 + 2/3) = (2/3) / (7/6) = 4/7.
        var metrics = Evaluate(("S-PER S-PER O B-LOC I-LOC E-LOC", "S-PER S-PER O B-LOC E-LOC S-LOC"));
        Assert.Equal(new EntityMetrics(3, 4, 2), metrics.Entities);
        Assert.Equal(4.0 / 7, metrics.Entities.F1, Tolerance);
        // E- then B- of the same type: two entities.
        Assert.Equal(new EntityMetrics(2, 2, 2), Evaluate(("B-X E-X B-X E-X", "B-X E-X B-X E-X")).Entities);
    }

    [Fact]
    public void IOE_end_tags_close_entities_as_conlleval_reads_them()
    {
        // Gold: I-X E-X | I-X E-X, two entities (I- after E- begins one). Predicted: one entity, tokens 0-3. None correct.
        Assert.Equal(new EntityMetrics(2, 1, 0), Evaluate(("I-X E-X I-X E-X", "I-X I-X I-X E-X")).Entities);
    }

    [Fact]
    public void Conlleval_reads_a_dot_tag_as_outside_and_another_tag_without_type_after_an_entity_as_an_untyped_entity()
    {
        // "." ends X 0 (the type changes) and begins nothing; I-X then begins X 2.
        var dot = Evaluate(("B-X . I-X", "B-X . I-X"));
        Assert.Equal(new EntityMetrics(2, 2, 2), dot.Entities);
        Assert.Equal(new[] { "X" }, dot.EntitiesByType.Keys);
        // Z (prefix Z, no type) ends X 0 and, its type differing from X's, begins an entity of the empty type.
        var bare = Evaluate(("B-X Z I-X", "B-X Z I-X"));
        Assert.Equal(new EntityMetrics(3, 3, 3), bare.Entities);
        Assert.Equal(new EntityMetrics(1, 1, 1), bare.EntitiesByType[""]);
    }

    [Fact]
    public void A_type_with_a_hyphen_keeps_its_whole_name()
    {
        var metrics = Evaluate(("B-creative-work I-creative-work O", "B-creative-work O O"));
        Assert.Equal(new EntityMetrics(1, 1, 0), metrics.EntitiesByType["creative-work"]);
    }

    [Fact]
    public void Sentences_of_different_lengths_or_with_a_missing_tag_are_errors_naming_the_sentence()
    {
        var error = Assert.Throws<ArgumentException>(() => Evaluate(("B-PER O", "B-PER O"), ("O O", "O")));
        Assert.StartsWith("Sentence 1 has 2 tags in Gold but 1 in Predicted; expected one predicted tag per gold tag.", error.Message);
        error = Assert.Throws<ArgumentException>(() => TaggingEvaluation.Evaluate(new (IReadOnlyList<string>, IReadOnlyList<string>)[] { (new[] { "O", "O" }, new[] { "O", "" }) }));
        Assert.StartsWith("Sentence 0 has an empty tag at position 1 in Predicted; expected a tag such as O or B-PER.", error.Message);
        error = Assert.Throws<ArgumentException>(() => TaggingEvaluation.Evaluate(new (IReadOnlyList<string>, IReadOnlyList<string>)[] { (new string[] { null }, new[] { "O" }) }));
        Assert.StartsWith("Sentence 0 has a null tag at position 0 in Gold", error.Message);
        error = Assert.Throws<ArgumentException>(() => TaggingEvaluation.Evaluate(new (IReadOnlyList<string>, IReadOnlyList<string>)[] { (new[] { "O" }, null) }));
        Assert.StartsWith("Sentence 0 has no Predicted tags (null)", error.Message);
    }

    [Fact]
    public void The_counts_are_those_of_matching_spans_on_random_tags()
    {
        // conlleval counts correct entities token by token with its "inside a correct chunk" flag; that must equal the
        // number of predicted spans (sentence, first, last, type) that are also gold spans. Seeded random IOB/IOE/IOBES tags.
        var random = new Random(7);
        string[] tags = { "O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y", "S-Y" };
        var sentences = Enumerable.Range(0, 3000).Select(_ =>
        {
            int length = random.Next(0, 9);
            string[] Draw() => Enumerable.Range(0, length).Select(_ => tags[random.Next(random.Next(2) == 0 ? 3 : tags.Length)]).ToArray();
            return (Gold: Draw(), Predicted: Draw());
        }).ToList();
        var metrics = TaggingEvaluation.Evaluate(sentences.Select(s => ((IReadOnlyList<string>)s.Gold, (IReadOnlyList<string>)s.Predicted)));

        var gold = sentences.SelectMany((s, i) => Spans(s.Gold).Select(span => (i, span))).ToList();
        var predicted = sentences.SelectMany((s, i) => Spans(s.Predicted).Select(span => (i, span))).ToList();
        int correct = predicted.Count(gold.ToHashSet().Contains);
        Assert.Equal(new EntityMetrics(gold.Count, predicted.Count, correct), metrics.Entities);
        Assert.True(correct > 1000 && predicted.Count > correct, $"the draw should give both correct and wrong entities: {correct} of {predicted.Count}");
        foreach (var type in new[] { "X", "Y" })
            Assert.Equal(new EntityMetrics(gold.Count(g => g.span.Type == type), predicted.Count(p => p.span.Type == type),
                predicted.Count(p => p.span.Type == type && gold.Contains(p))), metrics.EntitiesByType[type]);
        Assert.Equal(sentences.Sum(s => s.Gold.Zip(s.Predicted).Count(pair => pair.First == pair.Second)), metrics.CorrectTags);
    }

    /// <summary>A sentence's entities as spans, by the boundary rules alone (a sentence end reads as O).</summary>
    private static List<(int First, int Last, string Type)> Spans(string[] tags)
    {
        var spans = new List<(int, int, string)>();
        var previous = ChunkTag.Outside;
        (int First, string Type)? open = null;
        for (int i = 0; i <= tags.Length; i++)
        {
            var current = i < tags.Length ? ChunkTag.Parse(tags[i]) : ChunkTag.Outside;
            if (open is { } chunk && ChunkBoundaries.Ends(previous, current))
            {
                spans.Add((chunk.First, i - 1, chunk.Type));
                open = null;
            }
            if (ChunkBoundaries.Starts(previous, current)) open = (i, current.Type);
            previous = current;
        }
        return spans;
    }

    private sealed class TagRow
    {
        public string[] Tags { get; set; }
        public string[] PredictedTags { get; set; }
        public float[] Scores { get; set; }
    }

    private static readonly TagRow[] SeveralSentences =
    {
        new() { Tags = new[] { "B-PER", "I-PER", "O", "B-ORG", "O", "B-LOC" }, PredictedTags = new[] { "B-PER", "I-PER", "O", "B-LOC", "O", "B-LOC" }, Scores = new float[1] },
        new() { Tags = new[] { "O", "B-ORG", "I-ORG", "I-ORG", "O" }, PredictedTags = new[] { "O", "B-ORG", "I-ORG", "O", "O" }, Scores = new float[1] },
        new() { Tags = new[] { "B-LOC", "O", "O" }, PredictedTags = new[] { "B-LOC", "O", "B-PER" }, Scores = new float[1] },
    };

    [Fact]
    public void A_data_view_of_text_or_key_columns_scores_as_its_sentences_do()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(SeveralSentences);
        var expected = TaggingEvaluation.Evaluate(SeveralSentences.Select(r => ((IReadOnlyList<string>)r.Tags, (IReadOnlyList<string>)r.PredictedTags)));
        Assert.Equal(new EntityMetrics(5, 6, 3), expected.Entities); // the sentences of Scores_per_type_over_several_sentences

        void AssertSame(TaggingMetrics metrics)
        {
            Assert.Equal((expected.Tokens, expected.CorrectTags, expected.Entities), (metrics.Tokens, metrics.CorrectTags, metrics.Entities));
            Assert.Equal(expected.EntitiesByType, metrics.EntitiesByType);
        }
        AssertSame(TaggingEvaluation.Evaluate(data));
        // Each column mapped to keys by its own MapValueToKey: the keys differ, the tags they stand for do not.
        var keyed = mlContext.Transforms.Conversion.MapValueToKey("PredictedTags")
            .Append(mlContext.Transforms.Conversion.MapValueToKey("GoldKeys", "Tags"))
            .Fit(data).Transform(data);
        Assert.IsType<KeyDataViewType>(((VectorDataViewType)keyed.Schema["PredictedTags"].Type).ItemType);
        AssertSame(TaggingEvaluation.Evaluate(keyed));
        AssertSame(TaggingEvaluation.Evaluate(keyed, goldColumnName: "GoldKeys"));
    }

    [Fact]
    public void A_data_view_row_of_different_lengths_is_an_error_naming_the_row()
    {
        var rows = new[] { SeveralSentences[0], new TagRow { Tags = new[] { "O", "O", "O" }, PredictedTags = new[] { "O", "O" }, Scores = new float[1] } };
        var error = Assert.Throws<ArgumentException>(() => TaggingEvaluation.Evaluate(new MLContext().Data.LoadFromEnumerable(rows)));
        Assert.StartsWith("Row 1 has 3 tags in column 'Tags' but 2 in column 'PredictedTags'; expected one predicted tag per gold tag.", error.Message);
    }

    [Fact]
    public void A_key_without_a_tag_is_an_error_naming_the_row_and_position()
    {
        // The keys are fitted on the second row's tags (O, B-ORG, I-ORG), so the first row's B-PER maps to key 0, the missing value.
        var mlContext = new MLContext(seed: 1);
        var fitted = mlContext.Transforms.Conversion.MapValueToKey("PredictedTags").Fit(mlContext.Data.LoadFromEnumerable(SeveralSentences.Skip(1).Take(1)));
        var keyed = fitted.Transform(mlContext.Data.LoadFromEnumerable(SeveralSentences));
        var error = Assert.Throws<ArgumentException>(() => TaggingEvaluation.Evaluate(keyed));
        Assert.StartsWith("Row 0 of column 'PredictedTags' holds key 0 at position 0, which has no tag (key 0 is a missing value); expected a key of one of its 3 tags.", error.Message);
    }

    [Fact]
    public void Missing_columns_and_columns_of_other_types_are_refused()
    {
        var data = new MLContext().Data.LoadFromEnumerable(SeveralSentences);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TaggingEvaluation.Evaluate(data, predictedColumnName: "Guess"));
        Assert.StartsWith("Predicted tag column 'Guess' was not found in the data; the data has the columns 'Tags', 'PredictedTags', 'Scores'. " +
            "Name the column with the predictedColumnName argument.", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => TaggingEvaluation.Evaluate(data, goldColumnName: "Scores"));
        Assert.StartsWith("Gold tag column 'Scores' has type Vector<Single>; expected a vector of Text (tags as text) or of Key<UInt32>", error.Message);
        var unnamedKeys = new MLContext().Data.LoadFromEnumerable(new[] { new KeyRow { Tags = new[] { "O" }, PredictedTags = new uint[] { 1 } } });
        error = Assert.Throws<ArgumentOutOfRangeException>(() => TaggingEvaluation.Evaluate(unnamedKeys));
        Assert.StartsWith("Predicted tag column 'PredictedTags' is a vector of keys without key values;", error.Message);
    }

    private sealed class KeyRow
    {
        public string[] Tags { get; set; }
        [KeyType(3)]
        public uint[] PredictedTags { get; set; }
    }

    [Fact]
    public void WNUT17_gold_tags_score_perfectly_against_themselves_and_not_at_all_against_all_O()
    {
        var data = new MLContext(seed: 1).Data.LoadFromConllFile(DataFile("wnut17-train-300.conll"));
        var gold = Rows(data).Select(r => r.Tags).ToList();
        // 156 B- tags, each beginning one entity (IOB2); by type, the B- counts made with awk.
        var self = TaggingEvaluation.Evaluate(data, "Tags", "Tags");
        Assert.Equal(new EntityMetrics(156, 156, 156), self.Entities);
        Assert.Equal((5775, 5775), (self.Tokens, self.CorrectTags));
        Assert.Equal(new Dictionary<string, long> { ["corporation"] = 15, ["creative-work"] = 13, ["group"] = 10, ["location"] = 43, ["person"] = 67, ["product"] = 8 },
            self.EntitiesByType.ToDictionary(t => t.Key, t => t.Value.GoldEntities));
        // All O: no entity predicted, so P = R = F1 = 0; the 5,551 O tags are the correct ones.
        var allO = TaggingEvaluation.Evaluate(gold.Select(tags => ((IReadOnlyList<string>)tags, (IReadOnlyList<string>)tags.Select(_ => "O").ToArray())));
        Assert.Equal(new EntityMetrics(156, 0, 0), allO.Entities);
        Assert.Equal(0.0, allO.Entities.F1);
        Assert.Equal(5551.0 / 5775, allO.TokenAccuracy, Tolerance);
    }

    /// <summary>Sentences written as space-separated tags.</summary>
    private static TaggingMetrics Evaluate(params (string Gold, string Predicted)[] sentences) =>
        TaggingEvaluation.Evaluate(sentences.Select(s => ((IReadOnlyList<string>)Split(s.Gold), (IReadOnlyList<string>)Split(s.Predicted))));

    private static string[] Split(string tags) => tags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

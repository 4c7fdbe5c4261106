namespace RecurrentML;

/// <summary>
/// Options of a recurrent sequence tagger (<c>mlContext.MulticlassClassification.Trainers.RecurrentTagger</c>): one tag
/// per token, for part-of-speech tagging and named entities. Where a default differs from the encoders'
/// (<see cref="RecurrentTrainingOptions"/>), the constructor sets it and this class says so:
/// <see cref="RecurrentTrainingOptions.EmbeddingSize"/> 100, <see cref="RecurrentTrainingOptions.LearningRate"/> 3e-3,
/// <see cref="RecurrentTrainingOptions.Dropout"/> 0.3, <see cref="RecurrentTrainingOptions.MinTrainingSteps"/> 300.
/// </summary>
public sealed class RecurrentTaggerOptions : RecurrentTrainingOptions
{
    /// <summary>Options with every default (see the class summary for those that differ from the encoders').</summary>
    public RecurrentTaggerOptions()
    {
        EmbeddingSize = 100;
        LearningRate = 3e-3;
        Dropout = 0.3;
        MinTrainingSteps = 300;
    }

    /// <summary>The recurrent cell. Default <see cref="RecurrentML.RecurrentCell.Lstm"/>.</summary>
    public RecurrentCell Cell = RecurrentCell.Lstm;

    /// <summary>The RNN's nonlinearity, when <see cref="Cell"/> is <see cref="RecurrentML.RecurrentCell.Rnn"/>. Default tanh.</summary>
    public RnnNonlinearity Nonlinearity = RnnNonlinearity.Tanh;

    /// <summary>Whether each layer also reads the sentence backwards, so a token's tag sees the words after it. Default true.</summary>
    public bool Bidirectional = true;

    /// <summary>Name of the token column: a vector of Text, one token per item (a CoNLL reader's <c>Tokens</c>, or
    /// <c>TokenizeIntoWords</c>'s output). Default <c>"Tokens"</c>.</summary>
    public string TokensColumnName = "Tokens";

    /// <summary>Name of the tag column: a vector of keys with one key per token (<c>MapValueToKey</c> on a column of tag
    /// strings), as ML.NET's named-entity trainer reads its label. Default <c>"Label"</c>.</summary>
    public string LabelColumnName = "Label";

    /// <summary>Name of the column added: the predicted tag of each token, a vector of keys of the label's type (its
    /// key values are the tags). Default <c>"PredictedLabel"</c>.</summary>
    public string PredictedLabelColumnName = "PredictedLabel";

    /// <summary>Name of the score column added: for each token, the probability of every tag (tokens x tags values,
    /// token after token). Default <c>"Score"</c>.</summary>
    public string ScoreColumnName = "Score";

    /// <summary>How tags are chosen from the per-token outputs. Default <see cref="TaggerOutputLayer.Crf"/>, chosen by
    /// 3-fold cross-validation on the training splits of EWT (mean token accuracy 0.9569 against 0.9533) and WNUT-17
    /// (mean entity F1 0.318 against 0.186), ahead in every fold (samples/SequenceLabeling/README.md).</summary>
    public TaggerOutputLayer OutputLayer = TaggerOutputLayer.Crf;

    /// <summary>Whether each token also gets features of its spelling (a character CNN, Ma and Hovy 2016), so that words
    /// never seen in training are tagged from their prefixes, suffixes and capitals. Default true.</summary>
    public bool CharacterFeatures = true;

    /// <summary>Filters of the character features: values each word's spelling adds beside its embedding. Default 100
    /// (chosen on EWT's dev split: 0.9450 against 0.9423 with 50; samples/SequenceLabeling/README.md).</summary>
    public int CharacterFilters = 100;

    /// <summary>Whether words are looked up in lower case, so "The" and "the" share an embedding (the character
    /// features still see the capitals). Default true (chosen on EWT's dev split: 0.9423 against 0.9356 as written).</summary>
    public bool LowercaseWords = true;

    /// <summary>Training words seen fewer times than this read as the unknown word, so the network learns what to do
    /// with words it has not seen. Default 2.</summary>
    public int MinWordCount = 2;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        RequireName(TokensColumnName, nameof(TokensColumnName));
        RequireName(LabelColumnName, nameof(LabelColumnName));
        RequireName(PredictedLabelColumnName, nameof(PredictedLabelColumnName));
        RequireName(ScoreColumnName, nameof(ScoreColumnName));
        if (!Enum.IsDefined(Cell)) throw Invalid(nameof(Cell), Cell, $"one of {string.Join(", ", Enum.GetNames<RecurrentCell>())}");
        if (!Enum.IsDefined(Nonlinearity)) throw Invalid(nameof(Nonlinearity), Nonlinearity, $"one of {string.Join(", ", Enum.GetNames<RnnNonlinearity>())}");
        if (!Enum.IsDefined(OutputLayer)) throw Invalid(nameof(OutputLayer), OutputLayer, $"one of {string.Join(", ", Enum.GetNames<TaggerOutputLayer>())}");
        RequireRange(MinWordCount, 1, 1_000_000, nameof(MinWordCount));
        RequireRange(CharacterFilters, 1, 65_536, nameof(CharacterFilters));
        if (new[] { TokensColumnName, PredictedLabelColumnName, ScoreColumnName }.Distinct().Count() < 3)
            throw new ArgumentException($"TokensColumnName, PredictedLabelColumnName and ScoreColumnName must differ; they are '{TokensColumnName}', " +
                $"'{PredictedLabelColumnName}' and '{ScoreColumnName}'.");
    }
}

namespace RecurrentML;

/// <summary>
/// Pretrained word vectors an embedding starts from: a word2vec, GloVe or fastText text file (<c>.vec</c>, <c>.txt</c>,
/// gzipped or not; a first line "words dimension" is read as a header when present). Fit streams the file and keeps
/// only the rows of the input column's vocabulary: a key's text is looked up as it is, then in lower case (a lower-cased
/// vocabulary finds cased vectors and the other way round). The embedding takes the file's dimension, in place of
/// <see cref="RecurrentTrainingOptions.EmbeddingSize"/>; rows of words not found are drawn as without vectors. The rows
/// become weights of the model, so a saved model loads and scores without the file. Fit logs the coverage: the share
/// of the vocabulary and of the training tokens that the file has.
/// </summary>
public sealed class PretrainedWordVectors
{
    /// <param name="path">The vector file.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public PretrainedWordVectors(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The word vector file's path is empty.", nameof(path));
        Path = path;
    }

    /// <summary>The vector file.</summary>
    public string Path { get; }

    /// <summary>What training does to the rows the file filled. Default <see cref="WordVectorTraining.FrozenFirstEpochs"/>
    /// with <see cref="FrozenEpochs"/> 1: chosen by 3-fold cross-validation on the training parts of bench/quality's
    /// UCI sentences, Amazon reviews and 1,000 IMDB reviews (mean accuracy 0.815, against 0.800 fine-tuned from the
    /// start, 0.749 frozen throughout and 0.775 without vectors; bench/quality/results/cv.csv).</summary>
    public WordVectorTraining Training = WordVectorTraining.FrozenFirstEpochs;

    /// <summary>With <see cref="WordVectorTraining.FrozenFirstEpochs"/>, the epochs the vectors stay frozen. Default 1.</summary>
    public int FrozenEpochs = 1;

    internal void Validate(string option)
    {
        if (!Enum.IsDefined(Training))
            throw new ArgumentOutOfRangeException(option, Training, $"{option}.Training is {Training}; expected one of {string.Join(", ", Enum.GetNames<WordVectorTraining>())}.");
        if (FrozenEpochs < 1 || FrozenEpochs > 1_000_000)
            throw new ArgumentOutOfRangeException(option, FrozenEpochs, $"{option}.FrozenEpochs is {FrozenEpochs}; expected an integer from 1 to 1000000.");
    }
}

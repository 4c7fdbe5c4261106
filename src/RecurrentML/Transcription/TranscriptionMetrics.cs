using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Targets;

namespace RecurrentML;

/// <summary>
/// How well transcripts match their references: the symbol error rate (edit distance, the fewest insertions,
/// deletions and substitutions, summed and divided by the references' symbols: a digit error rate for digit strings,
/// a character error rate for text) and the fraction of transcripts exactly right.
/// </summary>
public sealed record TranscriptionMetrics(double SymbolErrorRate, double StringAccuracy, long ReferenceSymbols, int Strings)
{
    /// <summary>The metrics of reference and transcript pairs; each character is a symbol.</summary>
    public static TranscriptionMetrics Compute(IEnumerable<(string Reference, string Transcript)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        long errors = 0, symbols = 0;
        int strings = 0, right = 0;
        foreach (var (reference, transcript) in pairs)
        {
            if (reference is null || transcript is null)
                throw new ArgumentException($"Pair {strings} has a null {(reference is null ? "reference" : "transcript")}; expected text (empty for nothing said).", nameof(pairs));
            var expected = Transcription.TranscribedColumns.Symbols(reference);
            var actual = Transcription.TranscribedColumns.Symbols(transcript);
            errors += EditDistance.Between(expected, actual);
            symbols += expected.Length;
            strings++;
            right += expected.SequenceEqual(actual) ? 1 : 0;
        }
        if (symbols == 0) throw new ArgumentException("The references hold no symbols; an error rate needs at least one.", nameof(pairs));
        return new TranscriptionMetrics((double)errors / symbols, (double)right / strings, symbols, strings);
    }

    /// <summary>The metrics of a transformed data view's reference and transcript columns (both String).</summary>
    public static TranscriptionMetrics Evaluate(IDataView data, string labelColumnName = "Label", string transcriptColumnName = "Transcript")
    {
        ArgumentNullException.ThrowIfNull(data);
        Transcription.TranscribedColumns.Label(data.Schema, labelColumnName, nameof(labelColumnName));
        Transcription.TranscribedColumns.Label(data.Schema, transcriptColumnName, nameof(transcriptColumnName));
        var references = data.GetColumn<string>(labelColumnName);
        var transcripts = data.GetColumn<string>(transcriptColumnName);
        return Compute(references.Zip(transcripts));
    }
}

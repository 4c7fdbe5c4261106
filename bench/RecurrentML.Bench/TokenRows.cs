using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Bench;

/// <summary>A row of token ids (keys 1..<see cref="StandardConfig.Vocabulary"/>) and a label, as a pipeline sees it after
/// <c>MapValueToKey</c>.</summary>
public sealed class TokenRow
{
    public uint[] Tokens { get; set; }
    public bool Label { get; set; }
}

/// <summary>Output of scoring a <see cref="TokenRow"/> through an encoder.</summary>
public sealed class EncodedRow
{
    public float[] Features { get; set; }
}

/// <summary>Synthetic token data views. Rows are generated while a cursor reads them, so a million rows never exist in
/// memory at once outside the library.</summary>
internal static class TokenRows
{
    /// <summary>The schema that makes <see cref="TokenRow.Tokens"/> a variable-length vector of keys over the vocabulary.</summary>
    public static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(TokenRow));
        schema[nameof(TokenRow.Tokens)].ColumnType = new VectorDataViewType(new KeyDataViewType(typeof(uint), StandardConfig.Vocabulary));
        return schema;
    }

    public static IDataView Load(MLContext mlContext, IEnumerable<TokenRow> rows) =>
        mlContext.Data.LoadFromEnumerable(rows, Schema());

    /// <summary>Rows with the given lengths, random tokens and labels; enumerating again gives the same rows.</summary>
    public static IEnumerable<TokenRow> WithLengths(IReadOnlyList<int> lengths, int seed)
    {
        var random = new Random(seed);
        foreach (int length in lengths) yield return Random(random, length);
    }

    /// <summary><paramref name="count"/> rows of <paramref name="length"/> tokens.</summary>
    public static IEnumerable<TokenRow> Fixed(long count, int length, int seed)
    {
        var random = new Random(seed);
        for (long i = 0; i < count; i++) yield return Random(random, length);
    }

    private static TokenRow Random(Random random, int length)
    {
        var tokens = new uint[length];
        for (int t = 0; t < length; t++) tokens[t] = (uint)random.Next(1, StandardConfig.Vocabulary + 1);
        return new TokenRow { Tokens = tokens, Label = random.Next(2) == 1 };
    }
}

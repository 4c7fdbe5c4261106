using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Tests;

public sealed class KeySequence
{
    public uint[] Tokens { get; set; }
    public bool Label { get; set; }
}

public sealed class FloatSequence
{
    public float[] Tokens { get; set; }
    public bool Label { get; set; }
}

/// <summary>What the exported pipelines produce, as ML.NET scores it.</summary>
public sealed class ScoredSequence
{
    public float[] Features { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}

/// <summary>Key and float sequences for the ONNX tests: seeded training rows, and scoring rows that cover every
/// reading rule (empty, unknown keys, keys beyond the vocabulary, longer than the maximum length).</summary>
internal static class OnnxTestData
{
    public const int Vocabulary = 12;
    public const int FeaturesPerStep = 2;
    public const int MaxSequenceLength = 6;

    public static readonly string[] OutputColumns = { "Features", "Score", "Probability", "PredictedLabel" };

    /// <summary>Training rows of 1 to 8 keys; the label is whether the first key is in the upper half.</summary>
    public static IDataView KeyTraining(MLContext mlContext, int count, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var tokens = Enumerable.Range(0, random.Next(1, 9)).Select(_ => (uint)random.Next(1, Vocabulary + 1)).ToArray();
            return new KeySequence { Tokens = tokens, Label = tokens[0] > Vocabulary / 2 };
        });
        return mlContext.Data.LoadFromEnumerable(rows, KeySchema<KeySequence>(Vocabulary));
    }

    /// <summary>Scoring rows (no label): ordinary ones, an empty one, all missing keys, keys beyond the training
    /// vocabulary (the scoring column has more keys), exactly the maximum length and longer than it.</summary>
    public static uint[][] KeyRows()
    {
        var random = new Random(5);
        uint[] Keys(int count) => Enumerable.Range(0, count).Select(_ => (uint)random.Next(1, Vocabulary + 1)).ToArray();
        var rows = Enumerable.Range(1, 5).Select(Keys).ToList();
        rows.Add(Array.Empty<uint>());
        rows.Add(new uint[] { 0, 0, 0 });
        rows.Add(new uint[] { Vocabulary + 1, 3, Vocabulary + 4 });
        rows.Add(Keys(MaxSequenceLength));
        rows.Add(Keys(3 * MaxSequenceLength));
        return rows.ToArray();
    }

    public static IDataView KeyScoring(MLContext mlContext, IEnumerable<uint[]> rows) =>
        mlContext.Data.LoadFromEnumerable(rows.Select(r => new KeyInput { Tokens = r }), KeySchema<KeyInput>(Vocabulary + 4));

    /// <summary>Training rows of 1 to 8 steps of two floats; the label is whether the first value is positive.</summary>
    public static IDataView FloatTraining(MLContext mlContext, int count, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var values = Values(random, random.Next(1, 9));
            return new FloatSequence { Tokens = values, Label = values[0] > 0 };
        });
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    /// <summary>Scoring rows: ordinary ones, an empty one, all zeros, exactly the maximum length and longer than it.</summary>
    public static float[][] FloatRows()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(1, 5).Select(n => Values(random, n)).ToList();
        rows.Add(Array.Empty<float>());
        rows.Add(new float[3 * FeaturesPerStep]);
        rows.Add(Values(random, MaxSequenceLength));
        rows.Add(Values(random, 3 * MaxSequenceLength));
        return rows.ToArray();
    }

    public static IDataView FloatScoring(MLContext mlContext, IEnumerable<float[]> rows) =>
        mlContext.Data.LoadFromEnumerable(rows.Select(r => new FloatInput { Tokens = r }));

    private static float[] Values(Random random, int steps) =>
        Enumerable.Range(0, steps * FeaturesPerStep).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();

    private static SchemaDefinition KeySchema<T>(int keyCount)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema[nameof(KeySequence.Tokens)].ColumnType = new VectorDataViewType(new KeyDataViewType(typeof(uint), keyCount));
        return schema;
    }

    private sealed class KeyInput
    {
        public uint[] Tokens { get; set; }
    }

    private sealed class FloatInput
    {
        public float[] Tokens { get; set; }
    }
}

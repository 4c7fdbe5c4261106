using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Interop;

namespace RecurrentML.Transcription;

/// <summary>A transcriber's columns: the float steps it reads (checked per row) and, in training, the transcript.</summary>
internal static class TranscribedColumns
{
    /// <summary>The steps column, or an exception naming it, the type found and the type expected.</summary>
    public static DataViewSchema.Column Features(DataViewSchema schema, string name, string parameter)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(parameter, $"Features column '{name}' was not found; the data has the columns {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType number } || number != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(parameter, $"Features column '{name}' has type {column.Type}; expected Vector<Single> (steps of features, step after step).");
        return column;
    }

    /// <summary>The transcript column, or an exception naming it, the type found and the type expected.</summary>
    public static DataViewSchema.Column Label(DataViewSchema schema, string name, string parameter)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(parameter, $"Label column '{name}' was not found; the data has the columns {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
        if (column.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(parameter, $"Label column '{name}' has type {column.Type}; expected String (the transcript, one symbol per character).");
        return column;
    }

    /// <summary>Checks one row's steps: a whole number of steps, every value finite. Empty is allowed (no steps, no
    /// symbols).</summary>
    public static void CheckSteps(ReadOnlySpan<float> values, int featuresPerStep, string column, long row)
    {
        if (values.Length % featuresPerStep != 0)
            throw new InvalidDataException($"Column '{column}', row {row}: {values.Length} values is not a whole number of steps of {featuresPerStep} features (FeaturesPerStep).");
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new InvalidDataException($"Column '{column}', row {row}: value {i} (step {i / featuresPerStep}, feature {i % featuresPerStep}) is {values[i]}; expected a finite number.");
    }

    /// <summary>Every training row's steps and transcript (each character a symbol, as a string so that a character
    /// outside the Basic Multilingual Plane is one symbol), checked: steps as <see cref="CheckSteps"/> says and at least
    /// one, a transcript of at least one symbol.</summary>
    public static List<(float[] Steps, string[] Transcript)> ReadTraining(IDataView data, DataViewSchema.Column features, DataViewSchema.Column label, int featuresPerStep)
    {
        var rows = new List<(float[], string[])>();
        using var cursor = data.GetRowCursor(new[] { features, label });
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        var getLabel = cursor.GetGetter<ReadOnlyMemory<char>>(label);
        VBuffer<float> values = default;
        ReadOnlyMemory<char> text = default;
        while (cursor.MoveNext())
        {
            getFeatures(ref values);
            getLabel(ref text);
            var steps = values.DenseValues().ToArray();
            CheckSteps(steps, featuresPerStep, features.Name, cursor.Position);
            if (steps.Length == 0)
                throw new InvalidDataException($"Column '{features.Name}', row {cursor.Position}: no steps; a training row needs at least one to align its transcript to.");
            var symbols = Symbols(text.ToString());
            if (symbols.Length == 0)
                throw new InvalidDataException($"Column '{label.Name}', row {cursor.Position}: the transcript is empty; CTC trains on at least one symbol per row.");
            rows.Add((steps, symbols));
        }
        if (rows.Count == 0) throw new InvalidOperationException("No training rows: the data is empty.");
        return rows;
    }

    /// <summary>A transcript's symbols: its characters, a surrogate pair as one.</summary>
    public static string[] Symbols(string transcript) => transcript.EnumerateRunes().Select(r => r.ToString()).ToArray();
}

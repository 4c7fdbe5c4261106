using System.Runtime.InteropServices;
using RecurrentML.Data;
using RecurrentML.Network;

namespace RecurrentML.Persistence;

/// <summary>
/// Reads and writes an <see cref="EncoderModel"/>. Model files come from elsewhere, so reading checks every value
/// against its allowed range and every declared shape against the bytes present before it allocates for it; a bad
/// file gives an <see cref="InvalidDataException"/> that says what is wrong.
/// </summary>
internal static class EncoderModelFormat
{
    // *** Binary format ***
    // int: sequence kind (0 tokens, 1 floats)
    // int: vocabulary size (key count; 0 for floats)
    // int: features per step
    // int: maximum sequence length
    // int: truncation side (0 start, 1 end)
    // (from 0x00010003) bool: standardised; if true, float[features per step] means, float[features per step] deviations
    // int: cell (0 LSTM, 1 GRU, 2 RNN)
    // int: embedding rows (0 for float input)
    // int: input size
    // int: hidden size
    // int: number of layers
    // bool: bidirectional
    // int: pooling (0 last, 1 mean, 2 max, 3 attention)
    // int: RNN nonlinearity (0 tanh, 1 relu)
    // (all little-endian, as BinaryWriter writes)
    // int: epochs in the training history, then for each:
    //      int epoch, double training loss, double validation loss, double validation metric, string metric name, double seconds
    // int: weight count, then for each, in the network's parameter order (embedding, layers, then the pooling method's):
    //      string name, int rank, long[rank] dimensions, float[product of dimensions] values
    // (from 0x00010004) bool: has the training head; if true, int outputs, float[outputs * encoding size] weights
    //      (row-major, one row per output), float[outputs] biases

    private const int MaxLayers = 64, MaxSize = 1 << 20;

    public static void Write(BinaryWriter writer, EncoderModel model)
    {
        var s = model.Sequence;
        writer.Write((int)s.Kind);
        writer.Write(s.VocabularySize);
        writer.Write(s.FeaturesPerStep);
        writer.Write(s.MaxLength);
        writer.Write((int)s.Truncation);
        writer.Write(s.Standardization != null);
        if (s.Standardization is { } standardization)
        {
            writer.Write(MemoryMarshal.AsBytes(standardization.Means.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(standardization.Deviations.AsSpan()));
        }
        var n = model.Network;
        writer.Write((int)n.Cell);
        writer.Write(n.EmbeddingRows);
        writer.Write(n.InputSize);
        writer.Write(n.HiddenSize);
        writer.Write(n.NumberOfLayers);
        writer.Write(n.Bidirectional);
        writer.Write((int)n.Pooling);
        writer.Write((int)n.Nonlinearity);
        writer.Write(model.History.Count);
        foreach (var epoch in model.History)
        {
            writer.Write(epoch.Epoch);
            writer.Write(epoch.TrainingLoss);
            writer.Write(epoch.ValidationLoss);
            writer.Write(epoch.ValidationMetric);
            writer.Write(epoch.MetricName);
            writer.Write(epoch.Seconds);
        }
        writer.Write(model.Weights.Count);
        foreach (var weight in model.Weights)
        {
            writer.Write(weight.Name);
            writer.Write(weight.Shape.Length);
            foreach (long dimension in weight.Shape) writer.Write(dimension);
            writer.Write(MemoryMarshal.AsBytes(weight.Values.AsSpan()));
        }
        writer.Write(model.Head != null);
        if (model.Head is { } head)
        {
            writer.Write(head.Outputs);
            writer.Write(MemoryMarshal.AsBytes(head.Weight.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(head.Bias.AsSpan()));
        }
    }

    /// <param name="reader">The entry, at the encoder model.</param>
    /// <param name="hasStandardization">Whether the entry's format version (0x00010003 on) has the standardisation field.</param>
    /// <param name="hasHeadField">Whether the entry's format version (0x00010004 on) has the training head field.</param>
    public static EncoderModel Read(BinaryReader reader, bool hasStandardization, bool hasHeadField)
    {
        try
        {
            return ReadChecked(reader, hasStandardization, hasHeadField);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The recurrent encoder's model entry is truncated: it ends before its weights do.", e);
        }
    }

    private static EncoderModel ReadChecked(BinaryReader reader, bool hasStandardization, bool hasHeadField)
    {
        var kind = ReadEnum<SequenceKind>(reader, "sequence kind");
        int vocabulary = ReadInt(reader, "vocabulary size", 0, int.MaxValue - 1);
        int featuresPerStep = ReadInt(reader, "features per step", 1, MaxSize);
        int maxLength = ReadInt(reader, "maximum sequence length", 1, MaxSize);
        var truncation = ReadEnum<TruncationSide>(reader, "truncation side");
        var standardization = hasStandardization && reader.ReadBoolean() ? ReadStandardization(reader, kind, featuresPerStep) : null;
        var sequence = new SequenceFormat(kind, vocabulary, featuresPerStep, maxLength, truncation, standardization);

        var cell = ReadEnum<RecurrentCell>(reader, "cell");
        int embeddingRows = ReadInt(reader, "embedding rows", 0, int.MaxValue);
        int inputSize = ReadInt(reader, "input size", 1, MaxSize);
        int hiddenSize = ReadInt(reader, "hidden size", 1, MaxSize);
        int layers = ReadInt(reader, "number of layers", 1, MaxLayers);
        bool bidirectional = reader.ReadBoolean();
        var pooling = ReadEnum<SequencePooling>(reader, "pooling");
        var nonlinearity = ReadEnum<RnnNonlinearity>(reader, "nonlinearity");
        var network = new NetworkShape(cell, embeddingRows, inputSize, hiddenSize, layers, bidirectional, pooling, nonlinearity);
        bool tokens = kind == SequenceKind.Tokens;
        if (tokens != network.UsesEmbedding || (tokens && embeddingRows != vocabulary + 1) || (!tokens && inputSize != featuresPerStep))
            throw new InvalidDataException(
                $"The recurrent encoder's model entry is inconsistent: {kind} input with vocabulary {vocabulary} and {featuresPerStep} features per step, " +
                $"but {embeddingRows} embedding rows and input size {inputSize}.");

        int epochs = ReadInt(reader, "training history length", 0, 10_000_000);
        var history = new List<EpochReport>();
        for (int i = 0; i < epochs; i++)
            history.Add(new EpochReport(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadString(), reader.ReadDouble()));

        var expected = NetworkWeights.Expected(network);
        int count = reader.ReadInt32();
        if (count != expected.Count)
            throw new InvalidDataException($"The recurrent encoder's model entry holds {count} weights; a {network.Cell} network of this shape has {expected.Count}.");
        var weights = new List<NamedWeight>(count);
        foreach (var (name, shape) in expected)
        {
            string foundName = reader.ReadString();
            int rank = ReadInt(reader, $"rank of '{foundName}'", 0, 8);
            var foundShape = new long[rank];
            for (int d = 0; d < rank; d++) foundShape[d] = reader.ReadInt64();
            if (foundName != name || !foundShape.SequenceEqual(shape))
                throw new InvalidDataException(
                    $"The recurrent encoder's model entry has weight '{foundName}' [{string.Join(", ", foundShape)}] where '{name}' [{string.Join(", ", shape)}] was expected.");
            long values = shape.Aggregate(1L, (a, b) => a * b);
            weights.Add(new NamedWeight(name, shape, ReadFloats(reader, values, name)));
        }
        var head = hasHeadField && reader.ReadBoolean() ? ReadHead(reader, network.EncodingSize) : null;
        return new EncoderModel(sequence, network, history, weights, head);
    }

    private static ScoreLayer ReadHead(BinaryReader reader, int encodingSize)
    {
        int outputs = ReadInt(reader, "training head outputs", 1, MaxSize);
        var head = new ScoreLayer(outputs, encodingSize, ReadFloats(reader, (long)outputs * encodingSize, "training head weights"),
            ReadFloats(reader, outputs, "training head biases"));
        if (!head.Weight.All(float.IsFinite) || !head.Bias.All(float.IsFinite))
            throw new InvalidDataException("The recurrent encoder's model entry has a non-finite training head weight.");
        return head;
    }

    private static FeatureStandardization ReadStandardization(BinaryReader reader, SequenceKind kind, int featuresPerStep)
    {
        if (kind != SequenceKind.Floats)
            throw new InvalidDataException($"The recurrent encoder's model entry standardises {kind} input; only float input is standardised.");
        var means = ReadFloats(reader, featuresPerStep, "standardisation means");
        var deviations = ReadFloats(reader, featuresPerStep, "standardisation deviations");
        if (!means.All(float.IsFinite) || !deviations.All(d => float.IsFinite(d) && d > 0))
            throw new InvalidDataException("The recurrent encoder's model entry has a non-finite standardisation mean or a deviation that is not a finite number > 0.");
        return new FeatureStandardization(means, deviations);
    }

    /// <summary>Reads <paramref name="count"/> floats in chunks, so a declared size larger than the file fails at the
    /// end of the data instead of allocating the declared size up front.</summary>
    private static float[] ReadFloats(BinaryReader reader, long count, string name)
    {
        if (count > Array.MaxLength) throw new InvalidDataException($"The recurrent encoder's weight '{name}' declares {count} values, more than an array can hold.");
        const int Chunk = 1 << 16;
        var chunks = new List<float[]>();
        long remaining = count;
        var bytes = new byte[Chunk * sizeof(float)];
        while (remaining > 0)
        {
            int take = (int)Math.Min(Chunk, remaining);
            int read = reader.Read(bytes, 0, take * sizeof(float));
            while (read < take * sizeof(float))
            {
                int more = reader.Read(bytes, read, take * sizeof(float) - read);
                if (more == 0) throw new InvalidDataException($"The recurrent encoder's model entry ends inside weight '{name}' ({count} values declared).");
                read += more;
            }
            chunks.Add(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, take * sizeof(float))).ToArray());
            remaining -= take;
        }
        var values = new float[count];
        long offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(values, offset);
            offset += chunk.Length;
        }
        return values;
    }

    private static int ReadInt(BinaryReader reader, string what, int min, int max)
    {
        int value = reader.ReadInt32();
        if (value < min || value > max)
            throw new InvalidDataException($"The recurrent encoder's model entry has {what} {value}; expected {min} to {max}.");
        return value;
    }

    private static T ReadEnum<T>(BinaryReader reader, string what) where T : struct, Enum
    {
        int value = reader.ReadInt32();
        if (!Enum.IsDefined(typeof(T), value))
            throw new InvalidDataException($"The recurrent encoder's model entry has {what} {value}; expected one of {string.Join(", ", Enum.GetNames<T>())}.");
        return (T)(object)value;
    }
}

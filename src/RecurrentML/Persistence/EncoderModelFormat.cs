using System.Runtime.InteropServices;
using RecurrentML.Data;
using RecurrentML.Inputs;
using RecurrentML.Model;
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
    // the training history, then the weights in the network's parameter order (embedding, layers, then the pooling
    //      method's), as Persistence/EntryWriter.cs lays them out
    // (from 0x00010004) bool: has the training head; if true, int outputs, float[outputs * encoding size] weights
    //      (row-major, one row per output), float[outputs] biases
    // (from 0x00010005) all of the above is the payload of Persistence/ChecksummedPayload.cs: its length before it,
    //      the CRC-32 of the entry's column names and of it after it
    // Every float read (weights, head, standardisation) must be finite, in every version.

    internal const int MaxLayers = 64, MaxSize = 1 << 20;

    public static void Write(BinaryWriter writer, EncoderModel model)
    {
        var s = model.Sequence;
        writer.Write((int)s.Kind);
        writer.Write(s.VocabularySize);
        writer.Write(s.FeaturesPerStep);
        writer.Write(s.MaxLength);
        writer.Write((int)s.Truncation);
        writer.Write(s.Standardization != null);
        if (s.Standardization is { } standardization) WriteStandardization(writer, standardization);
        WriteShape(writer, model.Network);
        EntryWriter.History(writer, model.History);
        EntryWriter.Weights(writer, model.Weights);
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
    public static EncoderModel Read(BinaryReader reader, bool hasStandardization, bool hasHeadField) =>
        EntryReader.Read(reader, Entry, entry => ReadChecked(entry, hasStandardization, hasHeadField));

    /// <summary>The entry's name in messages.</summary>
    internal const string Entry = "The recurrent encoder's model entry";

    private static EncoderModel ReadChecked(EntryReader reader, bool hasStandardization, bool hasHeadField)
    {
        var binary = reader.Reader;
        var kind = reader.Enum<SequenceKind>("sequence kind");
        int vocabulary = reader.Int("vocabulary size", 0, int.MaxValue - 1);
        int featuresPerStep = reader.Int("features per step", 1, MaxSize);
        int maxLength = reader.Int("maximum sequence length", 1, MaxSize);
        var truncation = reader.Enum<TruncationSide>("truncation side");
        var input = InputKind.For(kind);
        var standardization = hasStandardization && binary.ReadBoolean() ? ReadStandardization(reader, input, featuresPerStep) : null;
        var sequence = new SequenceFormat(kind, vocabulary, featuresPerStep, maxLength, truncation, standardization);

        var network = ReadShape(reader);
        if (!input.Fits(sequence, network))
            throw reader.Invalid(
                $"is inconsistent: {kind} input with vocabulary {vocabulary} and {featuresPerStep} features per step, " +
                $"but {network.EmbeddingRows} embedding rows and input size {network.InputSize}.");

        var history = reader.History();
        var weights = reader.Weights(NetworkWeights.Expected(network), $"a {network.Cell} network of this shape");
        var head = hasHeadField && binary.ReadBoolean() ? ReadHead(reader, network.EncodingSize) : null;
        return new EncoderModel(sequence, network, history, weights, head);
    }

    /// <summary>Writes a network shape's fields, as <see cref="ReadShape"/> reads them.</summary>
    public static void WriteShape(BinaryWriter writer, NetworkShape n)
    {
        writer.Write((int)n.Cell);
        writer.Write(n.EmbeddingRows);
        writer.Write(n.InputSize);
        writer.Write(n.HiddenSize);
        writer.Write(n.NumberOfLayers);
        writer.Write(n.Bidirectional);
        writer.Write((int)n.Pooling);
        writer.Write((int)n.Nonlinearity);
    }

    public static NetworkShape ReadShape(EntryReader reader)
    {
        var cell = reader.Enum<RecurrentCell>("cell");
        int embeddingRows = reader.Int("embedding rows", 0, int.MaxValue);
        int inputSize = reader.Int("input size", 1, MaxSize);
        int hiddenSize = reader.Int("hidden size", 1, MaxSize);
        int layers = reader.Int("number of layers", 1, MaxLayers);
        bool bidirectional = reader.Reader.ReadBoolean();
        var pooling = reader.Enum<SequencePooling>("pooling");
        var nonlinearity = reader.Enum<RnnNonlinearity>("nonlinearity");
        return new NetworkShape(cell, embeddingRows, inputSize, hiddenSize, layers, bidirectional, pooling, nonlinearity);
    }

    private static ScoreLayer ReadHead(EntryReader reader, int encodingSize)
    {
        int outputs = reader.Int("training head outputs", 1, MaxSize);
        return new ScoreLayer(outputs, encodingSize, reader.WeightValues((long)outputs * encodingSize, "training head weights"),
            reader.WeightValues(outputs, "training head biases"));
    }

    private static FeatureStandardization ReadStandardization(EntryReader reader, InputKind input, int featuresPerStep)
    {
        if (!input.Standardizes)
            throw reader.Invalid($"standardises {input.Kind} input; only float input is standardised.");
        return ReadStandardization(reader, featuresPerStep);
    }

    /// <summary>Writes a standardisation's means then deviations, as <see cref="ReadStandardization(EntryReader, int)"/> reads them.</summary>
    public static void WriteStandardization(BinaryWriter writer, FeatureStandardization standardization)
    {
        writer.Write(MemoryMarshal.AsBytes(standardization.Means.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(standardization.Deviations.AsSpan()));
    }

    /// <summary>Reads a standardisation of <paramref name="featuresPerStep"/> features, each pair one that training makes.</summary>
    public static FeatureStandardization ReadStandardization(EntryReader reader, int featuresPerStep)
    {
        var means = reader.FiniteFloats(featuresPerStep, "standardisation means");
        var deviations = reader.FiniteFloats(featuresPerStep, "standardisation deviations");
        for (int f = 0; f < featuresPerStep; f++)
            if (FeatureStandardization.Violation(means[f], deviations[f]) is { } violation)
                throw reader.Invalid($"holds {deviations[f]:G9} in weight 'standardisation deviations' at index {f}, which {violation}; the file was altered or written by something else.");
        return new FeatureStandardization(means, deviations);
    }
}

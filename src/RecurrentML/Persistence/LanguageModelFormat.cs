using RecurrentML.Model;
using RecurrentML.Network;

namespace RecurrentML.Persistence;

/// <summary>Reads and writes a <see cref="LanguageModel"/>, checking every value read (see <see cref="EntryReader"/>).</summary>
internal static class LanguageModelFormat
{
    // *** Binary format ***
    // int: vocabulary size V, then string[V]: the text of keys 1 to V
    // string: token separator
    // the network shape as Persistence/EncoderModelFormat.cs writes it (forward only, Last pooling; embedding rows V + 2)
    // bool: tied embeddings
    // the training history, then the weights in the network's parameter order (output layer, embedding, layers), as
    //      Persistence/EntryWriter.cs lays them out; every weight must be finite
    // (from 0x00010002 the transformer frames this with a checksum: LanguageModels/LanguageModelTransformer.cs)

    /// <summary>The entry's name in messages.</summary>
    internal const string Entry = "The language model's model entry";

    public static void Write(BinaryWriter writer, LanguageModel model)
    {
        writer.Write(model.Vocabulary.Count);
        foreach (string token in model.Vocabulary) writer.Write(token);
        writer.Write(model.TokenSeparator);
        EncoderModelFormat.WriteShape(writer, model.Shape.Layers);
        writer.Write(model.Shape.TiedEmbeddings);
        EntryWriter.History(writer, model.History);
        EntryWriter.Weights(writer, model.Weights);
    }

    public static LanguageModel Read(BinaryReader binary) => EntryReader.Read(binary, Entry, reader =>
    {
        int vocabulary = reader.Int("vocabulary size", 1, int.MaxValue - 2);
        var tokens = new List<string>();
        for (int i = 0; i < vocabulary; i++) tokens.Add(binary.ReadString());
        string separator = binary.ReadString();
        var layers = EncoderModelFormat.ReadShape(reader);
        var shape = new LanguageModelShape(layers, binary.ReadBoolean());
        if (layers.EmbeddingRows != vocabulary + 2 || layers.Bidirectional || layers.Pooling != SequencePooling.Last ||
            (shape.TiedEmbeddings && layers.InputSize != layers.HiddenSize))
            throw reader.Invalid(
                $"is inconsistent: vocabulary {vocabulary}, {layers.EmbeddingRows} embedding rows (expected vocabulary + 2), " +
                $"{(layers.Bidirectional ? "bidirectional" : "forward only")}, pooling {layers.Pooling}, tied {shape.TiedEmbeddings} with " +
                $"embedding size {layers.InputSize} and hidden size {layers.HiddenSize}.");
        var history = reader.History();
        var weights = reader.Weights(NetworkWeights.Expected(shape), $"a {layers.Cell} language model of this shape");
        return new LanguageModel(shape, tokens, separator, history, weights);
    });
}

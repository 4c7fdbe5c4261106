using RecurrentML.Model;
using RecurrentML.Network;

namespace RecurrentML.Persistence;

/// <summary>Reads and writes a <see cref="TranscriberModel"/>, checking every value read (see <see cref="EntryReader"/>).</summary>
internal static class TranscriberModelFormat
{
    // *** Binary format ***
    // int: symbol count S, then string[S]: symbol k - 1 is class k (class 0 is CTC's blank); each one character
    // the recurrent layers' shape as Persistence/EncoderModelFormat.cs writes it (no embedding: input size = features
    //      per step; Last pooling, unused)
    // float[F] means, float[F] deviations: the input standardisation, F = input size
    // int: beam width (1 greedy)
    // the training history, then the weights in the network's parameter order (Network/NetworkWeights.cs, the
    //      transcriber's Expected), as Persistence/EntryWriter.cs lays them out; every weight finite and within the weight limit

    /// <summary>The entry's name in messages.</summary>
    internal const string Entry = "The recurrent transcriber's model entry";

    public static void Write(BinaryWriter writer, TranscriberModel model)
    {
        writer.Write(model.Symbols.Count);
        foreach (string symbol in model.Symbols) writer.Write(symbol);
        EncoderModelFormat.WriteShape(writer, model.Layers);
        EncoderModelFormat.WriteStandardization(writer, model.Standardization);
        writer.Write(model.BeamWidth);
        EntryWriter.History(writer, model.History);
        EntryWriter.Weights(writer, model.Weights);
    }

    public static TranscriberModel Read(BinaryReader binary) => EntryReader.Read(binary, Entry, reader =>
    {
        var stream = binary.BaseStream;
        int count = reader.Int("symbol count", 1, (int)Math.Min(1 << 20, stream.Length - stream.Position));
        var symbols = new List<string>(count);
        for (int i = 0; i < count; i++) symbols.Add(binary.ReadString());
        if (symbols.Distinct().Count() != count || symbols.Any(s => s.EnumerateRunes().Count() != 1))
            throw reader.Invalid("holds a symbol list with an empty, repeated or multi-character entry; expected one character per symbol.");
        var layers = EncoderModelFormat.ReadShape(reader);
        if (layers.EmbeddingRows != 0)
            throw reader.Invalid($"is inconsistent: its recurrent layers have {layers.EmbeddingRows} embedding rows; a transcriber reads float steps, so 0 were expected.");
        var standardization = EncoderModelFormat.ReadStandardization(reader, layers.InputSize);
        int beamWidth = reader.Int("beam width", 1, 1024);
        var history = reader.History();
        var weights = reader.Weights(NetworkWeights.Expected(layers, symbols.Count + 1), $"a {layers.Cell} transcriber of this shape");
        return new TranscriberModel(symbols, standardization, layers, beamWidth, history, weights);
    });
}

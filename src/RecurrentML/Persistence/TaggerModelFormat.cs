using RecurrentML.Model;
using RecurrentML.Network;

namespace RecurrentML.Persistence;

/// <summary>Reads and writes a <see cref="TaggerModel"/>, checking every value read (see <see cref="EntryReader"/>).</summary>
internal static class TaggerModelFormat
{
    // *** Binary format ***
    // int: word count W, then string[W]: word k - 1 is word id k
    // bool: words looked up in lower case
    // bool: character features; if true, int: character count C, string[C]: character k is character id k + 2, then
    //      int: character embedding size, int: filters, int: width, int: characters read of a word
    // int: tag count T, then string[T]: tag k - 1 is label key k
    // the recurrent layers' shape as Persistence/EncoderModelFormat.cs writes it (no embedding: input size = the word
    //      embedding's size; Last pooling, unused)
    // int: output layer (0 softmax, 1 CRF)
    // the training history, then the weights in the network's parameter order (Network/NetworkWeights.cs, the tagger's
    //      Expected), as Persistence/EntryWriter.cs lays them out; every weight finite and within the weight limit

    /// <summary>The entry's name in messages.</summary>
    internal const string Entry = "The recurrent tagger's model entry";

    public static void Write(BinaryWriter writer, TaggerModel model)
    {
        writer.Write(model.Words.Count);
        foreach (string word in model.Words) writer.Write(word);
        writer.Write(model.LowercaseWords);
        writer.Write(model.Characters != null);
        if (model.Characters is { } characters)
        {
            writer.Write(characters.Alphabet.Count);
            foreach (string character in characters.Alphabet) writer.Write(character);
            writer.Write(characters.EmbeddingSize);
            writer.Write(characters.Filters);
            writer.Write(characters.Width);
            writer.Write(characters.MaxCharacters);
        }
        writer.Write(model.Tags.Count);
        foreach (string tag in model.Tags) writer.Write(tag);
        EncoderModelFormat.WriteShape(writer, model.Layers);
        writer.Write((int)model.OutputLayer);
        EntryWriter.History(writer, model.History);
        EntryWriter.Weights(writer, model.Weights);
    }

    public static TaggerModel Read(BinaryReader binary) => EntryReader.Read(binary, Entry, reader =>
    {
        var words = Strings(reader, "word count", int.MaxValue - 1);
        bool lowercase = binary.ReadBoolean();
        var characters = binary.ReadBoolean() ? ReadCharacters(reader) : null;
        var tags = Strings(reader, "tag count", 100_000);
        if (tags.Count < 2) throw reader.Invalid($"has {tags.Count} tags; expected at least 2.");
        var layers = EncoderModelFormat.ReadShape(reader);
        if (layers.EmbeddingRows != 0)
            throw reader.Invalid($"is inconsistent: its recurrent layers have {layers.EmbeddingRows} embedding rows; a tagger's read its word embedding, so 0 were expected.");
        var outputLayer = reader.Enum<TaggerOutputLayer>("output layer");
        var history = reader.History();
        var shape = new TaggerModelShape(words.Count + 1, characters, layers, tags.Count, outputLayer);
        if (shape.WordEmbeddingSize < 1)
            throw reader.Invalid($"is inconsistent: its layers read {layers.InputSize} values a step, no more than its {characters.Filters} character filters.");
        var weights = reader.Weights(NetworkWeights.Expected(shape), $"a {layers.Cell} tagger of this shape");
        return new TaggerModel(words, lowercase, characters, tags, layers, outputLayer, history, weights);
    });

    private static CharacterFeatures ReadCharacters(EntryReader reader)
    {
        var alphabet = Strings(reader, "character count", 1 << 20);
        if (alphabet.Distinct().Count() != alphabet.Count || alphabet.Any(c => c.Length == 0 || c.EnumerateRunes().Count() != 1))
            throw reader.Invalid("holds a character list with an empty, repeated or multi-character entry; expected one character per entry.");
        int embeddingSize = reader.Int("character embedding size", 1, EncoderModelFormat.MaxSize);
        int filters = reader.Int("character filters", 1, EncoderModelFormat.MaxSize);
        int width = reader.Int("character window width", 1, 63);
        if (width % 2 == 0) throw reader.Invalid($"has character window width {width}; expected an odd width (a window centred on each character).");
        return new CharacterFeatures(alphabet, embeddingSize, filters, width, reader.Int("characters read of a word", 1, 1 << 16));
    }

    /// <summary>A count, checked against the bytes left (each string takes at least one), then that many strings.</summary>
    private static List<string> Strings(EntryReader reader, string what, int max)
    {
        var stream = reader.Reader.BaseStream;
        int count = reader.Int(what, 0, (int)Math.Min(max, stream.Length - stream.Position));
        var strings = new List<string>(count);
        for (int i = 0; i < count; i++) strings.Add(reader.Reader.ReadString());
        return strings;
    }
}

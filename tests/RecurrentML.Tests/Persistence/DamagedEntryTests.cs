using System.Text;
using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests.Persistence;

/// <summary>What loading a model zip says when an entry's bytes were changed after it was saved: a checksum mismatch
/// for entries that have one (encoder 0x00010005 on, language model 0x00010002 on), a non-finite weight named with
/// its index in every version.</summary>
public class DamagedEntryTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private static readonly string LanguageModelFixtures = Path.Combine(AppContext.BaseDirectory, "LanguageModels", "Fixtures");

    [Fact]
    public void A_flipped_bit_in_an_encoder_weight_is_reported_as_damage_to_the_encoder_entry()
    {
        var message = LoadError(Path.Combine(Fixtures, "00010005", "lstm-last-text.zip"), "RNNENCDR", entry => entry[ValueOffset(entry, "layers.0.weight_hh_l0", 17)] ^= 0x04);
        Assert.StartsWith("The recurrent encoder's model entry is damaged: its checksum 0x", message);
        Assert.Contains("does not match", message);
        Assert.EndsWith("the file was altered or truncated after it was saved.", message);
    }

    [Fact]
    public void A_changed_column_name_is_reported_as_damage_to_the_encoder_entry()
    {
        // The names are in ML.NET's string table (UTF-16), outside the encoder's own bytes; its checksum covers them.
        var message = LoadError(Path.Combine(Fixtures, "00010005", "lstm-last-text.zip"), "RNNENCDR",
            entry => Encoding.Unicode.GetBytes("Featurez").CopyTo(entry, entry.AsSpan().IndexOf(Encoding.Unicode.GetBytes("Features"))));
        Assert.StartsWith("The recurrent encoder's model entry is damaged: its checksum 0x", message);
    }

    [Fact]
    public void A_flipped_bit_in_a_language_model_weight_is_reported_as_damage_to_the_language_model_entry()
    {
        var message = LoadError(Path.Combine(LanguageModelFixtures, "00010002", "lstm-counting.zip"), "RNNLANGM", entry => entry[ValueOffset(entry, "decoder_bias", 2)] ^= 0x01);
        Assert.StartsWith("The language model's model entry is damaged: its checksum 0x", message);
        Assert.EndsWith("the file was altered or truncated after it was saved.", message);
    }

    [Fact]
    public void A_NaN_encoder_weight_in_an_entry_without_a_checksum_is_rejected_with_its_name_and_index()
    {
        var message = LoadError(Path.Combine(Fixtures, "00010004", "lstm-last-text.zip"), "RNNENCDR",
            entry => BitConverter.GetBytes(float.NaN).CopyTo(entry, ValueOffset(entry, "layers.0.weight_hh_l0", 17)));
        Assert.Equal("The recurrent encoder's model entry holds NaN in weight 'layers.0.weight_hh_l0' at index 17; every weight must be a finite number.", message);
    }

    [Fact]
    public void An_infinite_encoder_weight_in_an_entry_without_a_checksum_is_rejected_with_its_name_and_index()
    {
        var message = LoadError(Path.Combine(Fixtures, "00010001", "gru-bidirectional-mean-text.zip"), "RNNENCDR",
            entry => BitConverter.GetBytes(float.PositiveInfinity).CopyTo(entry, ValueOffset(entry, "embedding.weight", 5)));
        Assert.Equal("The recurrent encoder's model entry holds +infinity in weight 'embedding.weight' at index 5; every weight must be a finite number.", message);
    }

    [Fact]
    public void A_non_finite_language_model_weight_in_an_entry_without_a_checksum_is_rejected_with_its_name_and_index()
    {
        var message = LoadError(Path.Combine(LanguageModelFixtures, "00010001", "lstm-counting.zip"), "RNNLANGM",
            entry => BitConverter.GetBytes(float.NegativeInfinity).CopyTo(entry, ValueOffset(entry, "decoder_bias", 2)));
        Assert.Equal("The language model's model entry holds -infinity in weight 'decoder_bias' at index 2; every weight must be a finite number.", message);
    }

    /// <summary>The innermost error's message of loading <paramref name="zip"/> after <paramref name="damage"/>
    /// changed the entry of the component with <paramref name="signature"/>; it must be an InvalidDataException.</summary>
    private static string LoadError(string zip, string signature, Action<byte[]> damage)
    {
        var model = new ModelZip(File.ReadAllBytes(zip));
        string name = model.EntryWithSignature(signature);
        var entry = model[name].ToArray();
        damage(entry);
        var error = Assert.ThrowsAny<Exception>(() => new MLContext(seed: 1).Model.Load(new MemoryStream(model.With(name, entry)), out _));
        return Assert.IsType<InvalidDataException>(error.GetBaseException()).Message;
    }

    /// <summary>The offset of value <paramref name="index"/> of weight <paramref name="weight"/>, found by its name as
    /// Persistence/EntryWriter.cs writes it (length-prefixed), then its rank and dimensions.</summary>
    private static int ValueOffset(byte[] entry, string weight, int index)
    {
        var name = Encoding.UTF8.GetBytes(weight);
        int at = entry.AsSpan().IndexOf([(byte)name.Length, .. name]) + 1 + name.Length;
        int rank = BitConverter.ToInt32(entry, at);
        return at + sizeof(int) + rank * sizeof(long) + index * sizeof(float);
    }
}

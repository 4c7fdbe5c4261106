using RecurrentML.Model;
using RecurrentML.Data;
using RecurrentML.Network;
using RecurrentML.Persistence;
using TorchSharp;
using Xunit;

namespace RecurrentML.Tests;

public class EncoderModelFormatTests
{
    private static EncoderModel Model(RecurrentCell cell = RecurrentCell.Lstm, int layers = 2, bool bidirectional = true)
    {
        var shape = new NetworkShape(cell, EmbeddingRows: 11, InputSize: 4, HiddenSize: 3, layers, bidirectional, SequencePooling.Mean, RnnNonlinearity.Tanh);
        torch.manual_seed(1);
        using var network = new EncoderNetwork(shape);
        return new EncoderModel(new SequenceFormat(SequenceKind.Tokens, 10, 1, 50, TruncationSide.End), shape,
            new[] { new EpochReport(1, 0.5, 0.4, 0.9, "accuracy", 1.5) }, NetworkWeights.Export(network), Head(outputs: 2, shape.EncodingSize));
    }

    private static ScoreLayer Head(int outputs, int encodingSize) => new(outputs, encodingSize,
        Enumerable.Range(0, outputs * encodingSize).Select(i => 0.25f * i - 1).ToArray(), Enumerable.Range(0, outputs).Select(o => o + 0.5f).ToArray());

    private static byte[] Bytes(EncoderModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) EncoderModelFormat.Write(writer, model);
        return stream.ToArray();
    }

    private static EncoderModel Read(byte[] bytes) =>
        EncoderModelFormat.Read(new BinaryReader(new MemoryStream(bytes)), hasStandardization: true, hasHeadField: true);

    [Theory]
    [InlineData(RecurrentCell.Lstm, 2, true)]
    [InlineData(RecurrentCell.Gru, 1, false)]
    [InlineData(RecurrentCell.Rnn, 3, true)]
    public void Written_models_read_back_identically_and_their_weights_match_the_expected_layout(RecurrentCell cell, int layers, bool bidirectional)
    {
        var model = Model(cell, layers, bidirectional);
        var read = Read(Bytes(model));
        Assert.Equal(model.Sequence, read.Sequence);
        Assert.Equal(model.Network, read.Network);
        Assert.Equal(model.History, read.History);
        Assert.Equal(model.Weights.Select(w => (w.Name, w.Shape, w.Values)), read.Weights.Select(w => (w.Name, w.Shape, w.Values)));
        Assert.Equal((model.Head.Outputs, model.Head.EncodingSize), (read.Head.Outputs, read.Head.EncodingSize));
        Assert.Equal(model.Head.Weight, read.Head.Weight);
        Assert.Equal(model.Head.Bias, read.Head.Bias);
        // The layout the reader checks before allocating is the layout TorchSharp builds.
        Assert.Equal(NetworkWeights.Expected(model.Network).Select(e => (e.Name, e.Shape)), model.Weights.Select(w => (w.Name, w.Shape)));
    }

    [Fact]
    public void A_model_without_a_training_head_reads_back_without_one()
    {
        // A model loaded from an entry older than 0x00010004 has no head, and saves again without one.
        var model = Model() with { Head = null };
        Assert.Null(Read(Bytes(model)).Head);
    }

    [Fact]
    public void A_non_finite_head_weight_is_rejected()
    {
        var model = Model();
        model.Head.Weight[3] = float.NaN;
        Assert.Contains("holds NaN in weight 'training head weights' at index 3", Assert.Throws<InvalidDataException>(() => Read(Bytes(model))).Message);
    }

    [Fact]
    public void A_truncated_entry_is_reported_as_truncated()
    {
        var bytes = Bytes(Model());
        var error = Assert.Throws<InvalidDataException>(() => Read(bytes[..(bytes.Length - 10)]));
        Assert.Contains("ends inside weight", error.Message);
        error = Assert.Throws<InvalidDataException>(() => Read(bytes[..30]));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Out_of_range_header_values_are_named()
    {
        var bytes = Bytes(Model());
        BitConverter.GetBytes(7).CopyTo(bytes, 0); // sequence kind
        Assert.Contains("sequence kind 7", Assert.Throws<InvalidDataException>(() => Read(bytes)).Message);

        bytes = Bytes(Model());
        BitConverter.GetBytes(0).CopyTo(bytes, 32); // hidden size
        Assert.Contains("hidden size 0", Assert.Throws<InvalidDataException>(() => Read(bytes)).Message);
    }

    [Fact]
    public void A_weight_whose_shape_disagrees_with_the_header_is_rejected_before_it_is_read()
    {
        var model = Model();
        var grown = model with { Network = model.Network with { EmbeddingRows = 2_000_000_000 }, Sequence = model.Sequence with { VocabularySize = 1_999_999_999 } };
        var error = Assert.Throws<InvalidDataException>(() => Read(Bytes(grown)));
        Assert.Contains("embedding.weight", error.Message);
    }

    [Theory]
    [InlineData(float.PositiveInfinity, "+infinity")]
    [InlineData(float.NegativeInfinity, "-infinity")]
    [InlineData(float.NaN, "NaN")]
    public void A_non_finite_weight_saved_with_a_valid_checksum_is_rejected_with_its_name_and_index(float value, string described)
    {
        // A network that diverged in memory saves with a checksum that matches: the checksum cannot catch it, the
        // finite check must.
        var model = Model();
        model.Weights.Single(w => w.Name == "layers.0.weight_hh_l0").Values[17] = value;
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ChecksummedPayload.Write(writer, ["Tokens", "Features", null, null], w => EncoderModelFormat.Write(w, model));
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => ChecksummedPayload.Read(new BinaryReader(stream), EncoderModelFormat.Entry,
            ["Tokens", "Features", null, null], r => EncoderModelFormat.Read(r, hasStandardization: true, hasHeadField: true), marked: true, 0x00010006));
        Assert.Equal($"The recurrent encoder's model entry holds {described} in weight 'layers.0.weight_hh_l0' at index 17; every weight must be a finite number.",
            error.Message);
    }

    [Theory]
    [InlineData(float.MaxValue, "3.40282347E+38")]
    [InlineData(-1.0001e4f, "-10001")]
    public void A_weight_beyond_the_limit_training_keeps_is_rejected_with_its_name_and_index(float value, string described)
    {
        var model = Model();
        model.Weights.Single(w => w.Name == "layers.0.bias_hh_l0").Values[3] = value;
        var error = Assert.Throws<InvalidDataException>(() => Read(Bytes(model)));
        Assert.Equal($"The recurrent encoder's model entry holds {described} in weight 'layers.0.bias_hh_l0' at index 3; training keeps every weight " +
            "within ±10000 (it stops as diverged beyond that), so the file was altered or written by something else.", error.Message);
        model.Weights.Single(w => w.Name == "layers.0.bias_hh_l0").Values[3] = 1e4f;
        Assert.Equal(1e4f, Read(Bytes(model)).Weights.Single(w => w.Name == "layers.0.bias_hh_l0").Values[3]);
    }

    [Theory]
    [InlineData(0, float.NaN, "holds NaN in weight 'standardisation means' at index 1;")]
    [InlineData(1, float.PositiveInfinity, "holds +infinity in weight 'standardisation deviations' at index 1;")]
    [InlineData(1, 0f, "holds 0 in weight 'standardisation deviations' at index 1, which is below 1E-06 x max(1, |mean|) for mean 1.5;")]
    [InlineData(0, float.MaxValue, "holds 3 in weight 'standardisation deviations' at index 1, which is below 1E-06 x max(1, |mean|) for mean 3.40282347E+38;")]
    public void Non_finite_standardisation_values_and_deviations_training_cannot_make_are_rejected_with_their_name_and_index(int part, float value, string expected)
    {
        var shape = new NetworkShape(RecurrentCell.Gru, EmbeddingRows: 0, InputSize: 2, HiddenSize: 3, 1, false, SequencePooling.Last, RnnNonlinearity.Tanh);
        torch.manual_seed(1);
        using var network = new EncoderNetwork(shape);
        var standardization = new FeatureStandardization(new[] { 0.5f, 1.5f }, new[] { 2f, 3f });
        (part == 0 ? standardization.Means : standardization.Deviations)[1] = value;
        var model = new EncoderModel(new SequenceFormat(SequenceKind.Floats, 0, 2, 50, TruncationSide.End, standardization), shape,
            Array.Empty<EpochReport>(), NetworkWeights.Export(network), null);
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => Read(Bytes(model))).Message);
    }
}

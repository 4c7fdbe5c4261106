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
        Assert.Contains("non-finite training head weight", Assert.Throws<InvalidDataException>(() => Read(Bytes(model))).Message);
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
}

using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>Choosing the cell as a value: <see cref="RecurrentEncoderOptions.Create"/> and the catalog's RecurrentEncoder.</summary>
public sealed class CellChoiceTests
{
    [Theory]
    [InlineData(RecurrentCell.Lstm, typeof(LstmOptions))]
    [InlineData(RecurrentCell.Gru, typeof(GruOptions))]
    [InlineData(RecurrentCell.Rnn, typeof(RnnOptions))]
    public void Each_cell_gets_its_own_options_and_an_encoder_of_that_cell(RecurrentCell cell, Type optionsType)
    {
        var options = RecurrentEncoderOptions.Create(cell);
        Assert.IsType(optionsType, options);
        Assert.Equal(128, options.HiddenSize); // the documented defaults, not a blank object

        var mlContext = new MLContext(seed: 1);
        options.InputColumnName = "Tokens";
        options.HiddenSize = 4;
        options.MaxEpochs = 1;
        options.ValidationFraction = 0;
        var encoder = mlContext.Transforms.RecurrentEncoder(options).Fit(OnnxTestData.KeyTraining(mlContext, 16, seed: 1));
        Assert.Equal(cell, encoder.Cell);
    }

    [Fact]
    public void An_undefined_cell_and_missing_options_are_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RecurrentEncoderOptions.Create((RecurrentCell)7));
        Assert.Contains("expected one of Lstm, Gru, Rnn", error.Message);
        Assert.Throws<ArgumentNullException>(() => new MLContext().Transforms.RecurrentEncoder(null));
    }
}

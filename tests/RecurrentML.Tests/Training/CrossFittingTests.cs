using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>CrossFitFolds: the view the encoder was fitted on gets out-of-fold encodings, every other view the
/// encoder trained on all rows, which is the same encoder as without cross-fitting.</summary>
public class CrossFittingTests
{
    private static readonly Action<RecurrentEncoderOptions> Small = o =>
    {
        o.InputColumnName = "Tokens";
        o.HiddenSize = 8;
        o.EmbeddingSize = 8;
        o.MaxEpochs = 3;
        o.Seed = 3;
    };

    private static float[][] Encodings(ITransformer encoder, IDataView data) =>
        encoder.Transform(data).GetColumn<float[]>("Features").ToArray();

    [Fact]
    public void The_fitted_view_gets_out_of_fold_encodings_and_other_views_the_full_encoder()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = TestData.Sentiment(120, seed: 4);
        var tokens = TestData.Tokens(mlContext).Fit(mlContext.Data.LoadFromEnumerable(rows));
        var fitted = tokens.Transform(mlContext.Data.LoadFromEnumerable(rows));
        var sameRowsElsewhere = tokens.Transform(mlContext.Data.LoadFromEnumerable(rows));

        var crossFitOptions = new GruOptions { CrossFitFolds = 3 };
        Small(crossFitOptions);
        using var crossFit = mlContext.Transforms.Gru(crossFitOptions).Fit(fitted);
        var plainOptions = new GruOptions();
        Small(plainOptions);
        using var plain = mlContext.Transforms.Gru(plainOptions).Fit(fitted);

        var outOfFold = Encodings(crossFit, fitted);
        var full = Encodings(crossFit, sameRowsElsewhere);
        Assert.Equal(Encodings(plain, sameRowsElsewhere), full);
        Assert.Equal(Encodings(plain, fitted), full);
        int differing = outOfFold.Zip(full).Count(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)) > 1e-3);
        Assert.True(differing == rows.Count, $"{differing} of {rows.Count} training rows got an out-of-fold encoding unlike the full encoder's");
    }

    [Fact]
    public void A_row_without_a_label_did_not_train_and_gets_the_full_encoder_even_in_the_fitted_view()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = TestData.Sentiment(90, seed: 5).Select((r, i) => new ScoredText { Text = r.Text, Label = i % 10 == 0 ? float.NaN : r.Label ? 1f : 0f }).ToList();
        var tokens = TestData.Tokens(mlContext).Fit(mlContext.Data.LoadFromEnumerable(rows));
        var data = tokens.Transform(mlContext.Data.LoadFromEnumerable(rows));
        var options = new RnnOptions { CrossFitFolds = 2 };
        Small(options);
        using var encoder = mlContext.Transforms.Rnn(options).Fit(data);

        var outOfFold = Encodings(encoder, data);
        var full = Encodings(encoder, tokens.Transform(mlContext.Data.LoadFromEnumerable(rows)));
        for (int i = 0; i < rows.Count; i++)
        {
            if (i % 10 == 0) Assert.Equal(full[i], outOfFold[i]);
            else Assert.NotEqual(full[i], outOfFold[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(21)]
    [InlineData(-2)]
    public void Fold_counts_other_than_0_or_2_to_20_are_rejected_naming_the_option(int folds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().Transforms.Lstm(new LstmOptions { CrossFitFolds = folds }));
        Assert.Contains("CrossFitFolds", error.Message);
    }

    private sealed class ScoredText
    {
        public string Text { get; set; }
        public float Label { get; set; }
    }
}

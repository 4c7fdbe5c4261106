using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Tests;
using Xunit;

namespace RecurrentML.Tests.LanguageModels;

/// <summary>An encoder starting from a language model: the weights handed over are the language model's, frozen
/// epochs leave them untouched, and every mismatch is an error that says what to set.</summary>
public class PretrainingTests
{
    private sealed class LabelledText
    {
        public string Text { get; set; }
        public bool Label { get; set; }
    }

    private static readonly MLContext Context = new(seed: 1);
    private static readonly Lazy<(ITransformer Keys, LanguageModelTransformer Language, IDataView Labelled)> Pretrained = new(() =>
    {
        var rows = TestData.Sentiment(200, seed: 1);
        var data = Context.Data.LoadFromEnumerable(rows.Select(r => new LabelledText { Text = r.Text, Label = r.Label }));
        var keys = TestData.Tokens(Context).Fit(data);
        var options = LanguageModelTestData.Small(epochs: 2);
        var language = Context.Transforms.LanguageModel(options).Fit(keys.Transform(data));
        return (keys, language, data);
    });

    private static LstmOptions EncoderOptions(Action<LstmOptions> configure = null)
    {
        var options = SmallOptions.Of(new LstmOptions(), hidden: 16, epochs: 2);
        options.EmbeddingSize = 16;
        options.PretrainedLanguageModel = Pretrained.Value.Language;
        configure?.Invoke(options);
        return options;
    }

    private static Dictionary<string, float[]> Weights(RecurrentEncoderTransformer encoder) =>
        encoder.Model.Weights.ToDictionary(w => w.Name, w => w.Values);

    [Fact]
    public void Frozen_pretrained_layers_keep_the_language_models_weights_and_the_unknown_row_stays_zero()
    {
        var (keys, language, data) = Pretrained.Value;
        var encoder = Context.Transforms.Lstm(EncoderOptions(o => o.FrozenPretrainedEpochs = 2)).Fit(keys.Transform(data));
        var handed = language.Model.Weights.ToDictionary(w => w.Name, w => w.Values);
        var kept = Weights(encoder);
        foreach (string name in kept.Keys.Where(n => n.StartsWith("layers.")))
            Assert.Equal(handed[name], kept[name]);
        int width = 16, vocabulary = language.Vocabulary.Count;
        Assert.All(kept["embedding.weight"].Take(width), v => Assert.Equal(0f, v));
        Assert.Equal(handed["embedding.weight"].Skip(width).Take(vocabulary * width), kept["embedding.weight"].Skip(width));
        // The head still learned: its weights are not all zero.
        Assert.Contains(encoder.Model.Head.Weight, v => v != 0);
    }

    [Fact]
    public void Unfrozen_pretrained_layers_start_from_the_language_model_and_then_move()
    {
        var (keys, language, data) = Pretrained.Value;
        var tuned = Weights(Context.Transforms.Lstm(EncoderOptions()).Fit(keys.Transform(data)));
        var scratch = Weights(Context.Transforms.Lstm(EncoderOptions(o => o.PretrainedLanguageModel = null)).Fit(keys.Transform(data)));
        var handed = language.Model.Weights.ToDictionary(w => w.Name, w => w.Values);
        const string name = "layers.0.weight_hh_l0";
        double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b).Sum(p => (double)(p.First - p.Second) * (p.First - p.Second)));
        Assert.True(Distance(tuned[name], handed[name]) > 0, "fine-tuning moved nothing");
        Assert.True(Distance(tuned[name], handed[name]) < Distance(scratch[name], handed[name]) / 2,
            $"fine-tuned weights are {Distance(tuned[name], handed[name]):F3} from the language model's, random-start ones {Distance(scratch[name], handed[name]):F3}");
    }

    [Fact]
    public void Mismatched_sizes_and_cells_are_rejected_naming_what_to_set()
    {
        var error = Assert.Throws<ArgumentException>(() => Context.Transforms.Lstm(EncoderOptions(o => o.HiddenSize = 32)));
        Assert.Contains("HiddenSize 16", error.Message);
        Assert.Contains("this encoder's HiddenSize is 32", error.Message);
        Assert.Contains("EmbeddingSize", Assert.Throws<ArgumentException>(() => Context.Transforms.Lstm(EncoderOptions(o => o.EmbeddingSize = 8))).Message);
        Assert.Contains("Bidirectional", Assert.Throws<ArgumentException>(() => Context.Transforms.Lstm(EncoderOptions(o => o.Bidirectional = true))).Message);
        Assert.Contains("NumberOfLayers", Assert.Throws<ArgumentException>(() => Context.Transforms.Lstm(EncoderOptions(o => o.NumberOfLayers = 2))).Message);
        var gru = SmallOptions.Of(new GruOptions(), hidden: 16);
        gru.EmbeddingSize = 16;
        gru.PretrainedLanguageModel = Pretrained.Value.Language;
        Assert.Contains("cell is Gru", Assert.Throws<ArgumentException>(() => Context.Transforms.Gru(gru)).Message);
    }

    [Fact]
    public void A_differently_mapped_vocabulary_is_rejected_at_Fit()
    {
        var (_, _, data) = Pretrained.Value;
        // Keys fitted on other text: the same words, another order.
        var reversed = Context.Data.LoadFromEnumerable(TestData.Sentiment(200, seed: 1).AsEnumerable().Reverse()
            .Select(r => new LabelledText { Text = r.Text, Label = r.Label }));
        var otherKeys = TestData.Tokens(Context).Fit(reversed);
        var error = Assert.Throws<ArgumentException>(() => Context.Transforms.Lstm(EncoderOptions()).Fit(otherKeys.Transform(data)));
        Assert.Contains("same fitted MapValueToKey", error.Message);
        Assert.Contains("key ", error.Message);
    }

    [Fact]
    public void Pretraining_in_Fit_hands_over_the_same_weights_as_a_language_model_trained_beforehand()
    {
        var (keys, language, data) = Pretrained.Value;
        var tokens = keys.Transform(data);
        // Pretrained.Value's language model was trained with Small(epochs: 2): the encoder's sizes, seed 3.
        var inFit = Weights(Context.Transforms.Lstm(EncoderOptions(o =>
        {
            o.PretrainedLanguageModel = null;
            o.LanguageModelPretraining = LanguageModelTestData.Small(epochs: 2);
        })).Fit(tokens));
        var handed = Weights(Context.Transforms.Lstm(EncoderOptions()).Fit(tokens));
        Assert.Equal(handed.Keys, inFit.Keys);
        // Within float rounding: a test running beside this one on ATen's generic kernel turns oneDNN off process-wide
        // for its call, so one of the two trainings may run a step on the other right kernel, which rounds differently.
        foreach (string name in handed.Keys)
            for (int i = 0; i < handed[name].Length; i++) Assert.Equal(handed[name][i], inFit[name][i], 1e-5f);
    }

    [Fact]
    public void Pretraining_options_that_cannot_work_are_rejected_before_training()
    {
        Assert.Contains("not both", Assert.Throws<ArgumentException>(() => Context.Transforms.Lstm(EncoderOptions(o =>
            o.LanguageModelPretraining = LanguageModelTestData.Small()))).Message);
        Assert.Contains("forward encoder", Assert.Throws<ArgumentException>(() => Context.Transforms.Lstm(EncoderOptions(o =>
        {
            o.PretrainedLanguageModel = null;
            o.LanguageModelPretraining = LanguageModelTestData.Small();
            o.Bidirectional = true;
        }))).Message);
        Assert.Contains("SelectRecurrentEncoder", Assert.Throws<ArgumentException>(() => Context.Transforms.SelectRecurrentEncoder(EncoderOptions())).Message);
        Assert.Contains("PretrainedLearningRateFactor", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Context.Transforms.Lstm(EncoderOptions(o => o.PretrainedLearningRateFactor = 0))).Message);
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Network;
using Xunit;

namespace RecurrentML.Tests.LanguageModels;

/// <summary>Generating: the state carried from step to step gives what re-reading the whole prompt gives, a seed
/// gives the same text, and the sampling options do what they say.</summary>
public class GenerationTests
{
    private static readonly Dictionary<RecurrentCell, LanguageModelTransformer> Trained = new();

    private static LanguageModelTransformer Train(RecurrentCell cell = RecurrentCell.Lstm)
    {
        lock (Trained)
        {
            if (Trained.TryGetValue(cell, out var known)) return known;
            var mlContext = new MLContext(seed: 1);
            var data = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(300, seed: 1));
            var model = LanguageModelTestData.Tokens(mlContext).Append(mlContext.Transforms.LanguageModel(LanguageModelTestData.Small(cell))).Fit(data);
            return Trained[cell] = model.LastTransformer;
        }
    }

    private static int Id(LanguageModelTransformer model, string token) => model.Vocabulary.ToList().IndexOf(token) + 1;

    [Theory]
    [InlineData(RecurrentCell.Lstm)]
    [InlineData(RecurrentCell.Gru)]
    [InlineData(RecurrentCell.Rnn)]
    public void Carrying_the_state_step_by_step_equals_reading_the_prompt_at_once(RecurrentCell cell)
    {
        var model = Train(cell);
        var prompt = new[] { "three", "four", "five", "six", "seven" }.Select(t => Id(model, t)).ToArray();
        var (atOnce, atOnceState) = model.Generator.Read(prompt, null);
        LayerState[] state = null;
        float[] stepped = null;
        foreach (int id in prompt)
        {
            var (logits, next) = model.Generator.Read(new[] { id }, state);
            LayerState.Dispose(state);
            (stepped, state) = (logits, next);
        }
        double largest = atOnce.Zip(stepped).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(largest <= 1e-5, $"logits after the prompt differ by {largest:G3}");
        LayerState.Dispose(state);
        LayerState.Dispose(atOnceState);
    }

    [Fact]
    public void Greedy_generation_continues_the_count()
    {
        var model = Train();
        var options = new GenerationOptions { Temperature = 0, MaxTokens = 4 };
        // Every next word is determined after "three four"; the row may end, but not with a wrong word.
        var tokens = model.GenerateTokens(new[] { "three", "four" }, options);
        var expected = new[] { "five", "six", "seven", "eight" };
        Assert.NotEmpty(tokens);
        Assert.Equal(expected.Take(tokens.Count), tokens);
    }

    [Fact]
    public void The_same_seed_gives_the_same_text_and_the_options_bound_it()
    {
        var model = Train();
        var options = new GenerationOptions { Temperature = 1.5, TopP = 1, MaxTokens = 30, Seed = 5 };
        string first = model.Generate("two three", options);
        Assert.Equal(first, model.Generate("two three", options));
        Assert.True(first.Split(' ').Length <= 30);

        // Across seeds at a high temperature the texts vary; with top-k 1 every seed takes the most likely token.
        var texts = Enumerable.Range(0, 8).Select(s => model.Generate("two three", new GenerationOptions { Temperature = 3, TopP = 1, MaxTokens = 12, Seed = s })).ToHashSet();
        Assert.True(texts.Count > 1, "8 seeds at temperature 3 all gave the same text");
        var greedy = model.Generate("two three", new GenerationOptions { Temperature = 0, MaxTokens = 12 });
        Assert.All(Enumerable.Range(0, 4), s => Assert.Equal(greedy, model.Generate("two three", new GenerationOptions { Temperature = 3, TopK = 1, MaxTokens = 12, Seed = s })));
    }

    [Fact]
    public void A_stop_token_ends_the_text_and_is_kept()
    {
        var model = Train();
        var tokens = model.GenerateTokens(new[] { "one" }, new GenerationOptions { Temperature = 0, MaxTokens = 20, StopTokens = new[] { "four" } });
        Assert.Equal(new[] { "two", "three", "four" }.Take(tokens.Count), tokens);
        Assert.True(tokens.Count < 3 || tokens[^1] == "four");
    }

    [Fact]
    public void Bad_generation_options_name_the_option()
    {
        var model = Train();
        Assert.Contains("TopP", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate("one", new GenerationOptions { TopP = 0 })).Message);
        Assert.Contains("Temperature", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate("one", new GenerationOptions { Temperature = -1 })).Message);
        Assert.Contains("MaxTokens", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate("one", new GenerationOptions { MaxTokens = 0 })).Message);
    }

    [Fact]
    public void Transform_PredictionEngine_and_a_reloaded_model_generate_the_same_text_as_Generate()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(300, seed: 1));
        var options = LanguageModelTestData.Small();
        options.Generation = new GenerationOptions { Temperature = 1, MaxTokens = 6, Seed = 11 };
        var model = LanguageModelTestData.Tokens(mlContext).Append(mlContext.Transforms.LanguageModel(options)).Fit(data);
        var prompts = new[] { "one two", "six", "nine ten one" }.Select(t => new TextRow { Text = t }).ToArray();
        var generated = model.Transform(mlContext.Data.LoadFromEnumerable(prompts)).GetColumn<string>("Generated").ToArray();
        var language = model.LastTransformer;
        Assert.Equal(prompts.Select(p => language.Generate(p.Text)), generated);
        Assert.Contains(generated, g => g.Length > 0);

        var engine = mlContext.Model.CreatePredictionEngine<TextRow, GeneratedRow>(model);
        Assert.Equal(generated, prompts.Select(p => engine.Predict(p).Generated));

        using var stream = new MemoryStream();
        mlContext.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var reloaded = mlContext.Model.Load(stream, out _);
        Assert.Equal(generated, reloaded.Transform(mlContext.Data.LoadFromEnumerable(prompts)).GetColumn<string>("Generated"));
        var reloadedLanguage = ((TransformerChain<ITransformer>)reloaded).OfType<LanguageModelTransformer>().Single();
        Assert.Equal(language.TrainingHistory, reloadedLanguage.TrainingHistory);
        Assert.Equal(language.Vocabulary, reloadedLanguage.Vocabulary);
        var text = model.Transform(data);
        Assert.Equal(language.Evaluate(text), reloadedLanguage.Evaluate(text));
    }
}

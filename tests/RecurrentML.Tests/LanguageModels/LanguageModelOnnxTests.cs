using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests.LanguageModels;

/// <summary>A language model has no ONNX export: RecurrentOnnx.Export refuses it, saying so, instead of letting ML.NET's
/// converter end the graph before it without a word.</summary>
public class LanguageModelOnnxTests
{
    [Fact]
    public void Onnx_export_of_a_pipeline_with_a_language_model_is_refused_with_a_message_saying_so()
    {
        var mlContext = new MLContext(seed: 1);
        string zip = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "LanguageModels", "Fixtures"), "*.zip", SearchOption.AllDirectories).First();
        var model = mlContext.Model.Load(zip, out _);
        var anyData = mlContext.Data.LoadFromEnumerable(new[] { new { Text = "a" } });

        var error = Assert.Throws<NotSupportedException>(() => RecurrentOnnx.Export(mlContext, model, anyData, new MemoryStream()));

        Assert.StartsWith("The pipeline holds a recurrent language model, which has no ONNX export yet", error.Message);
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Onnx;

using RecurrentML.Network.Heads;

namespace RecurrentML;

/// <summary>
/// Exports fitted ML.NET pipelines that contain LSTM, GRU or RNN encoders or taggers to ONNX, with the networks inside
/// the graph.
/// </summary>
/// <remarks>
/// <para>The encoders also export through ML.NET's own <c>mlContext.Model.ConvertToOnnx</c>. <see cref="Export(MLContext, ITransformer, IDataView, Stream)"/> calls
/// it and then removes the graph's declared intermediate shapes (<c>graph.value_info</c>), which ML.NET writes wrongly
/// for some transforms: its <c>TokenizeIntoWords</c> export declares the token vector as one token long, which ONNX
/// Runtime's optimiser trusts. Without the declarations ONNX Runtime infers every shape itself. Use <see cref="Export(MLContext, ITransformer, IDataView, Stream)"/>
/// for any pipeline that tokenizes text.</para>
/// <para>The graph reads each row of an input tensor as one whole sequence at the tensor's width. Rows of different
/// lengths scored in one ONNX Runtime call must be padded to a common width, and the padding is then read as steps
/// (unknown tokens or zero steps), unlike ML.NET; score such rows one at a time or in groups of equal length. Text
/// pipelines take one row per call: ML.NET's tokenizer export reshapes its output to a single row.</para>
/// <para>A tagger's graph reads a sentence's word and character ids, which
/// <see cref="RecurrentTaggerTransformer.OnnxInput"/> computes in .NET, not its token strings; a softmax tagger's graph
/// ends in its score and predicted label columns. A CRF tagger's graph ends in its emissions and CRF weights, with Viterbi
/// decoding and the marginals left to <see cref="RecurrentTaggerTransformer.DecodeEmissions"/> (they would need ONNX
/// loops): its predicted label and score columns, and the columns of the steps after it, are not in the graph.</para>
/// </remarks>
public static class RecurrentOnnx
{
    /// <summary>Converts <paramref name="model"/> to an ONNX model (opset 12) and writes it to <paramref name="stream"/>.</summary>
    /// <param name="mlContext">The context the model belongs to.</param>
    /// <param name="model">A fitted pipeline (or a single transformer).</param>
    /// <param name="inputData">Data with the model's input schema; its columns become the graph's inputs, so leave out
    /// columns scoring does not need, such as the label. Its rows are not read.</param>
    /// <param name="stream">Where the model is written.</param>
    /// <remarks>Fails, as <c>ConvertToOnnx</c> does, when a step of the pipeline cannot be exported to ONNX, and with
    /// <see cref="NotSupportedException"/> when the pipeline holds a recurrent language model, which has no ONNX export
    /// yet (ML.NET's converter would end the graph before it without a word).</remarks>
    public static void Export(MLContext mlContext, ITransformer model, IDataView inputData, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputData);
        ArgumentNullException.ThrowIfNull(stream);
        if (Steps(model).Any(step => step is LanguageModelTransformer))
            throw new NotSupportedException(
                "The pipeline holds a recurrent language model, which has no ONNX export yet (generating text samples token by token, " +
                "which would need ONNX loops); export the steps before it, or score it with ML.NET (PredictionEngine or Transform).");
        using var converted = new MemoryStream();
        if (ColumnsBeforeCrfTagger(model, inputData.Schema) is { } kept) mlContext.Model.ConvertToOnnx(model, inputData, converted, kept);
        else mlContext.Model.ConvertToOnnx(model, inputData, converted);
        stream.Write(OnnxIntermediateShapes.Remove(converted.ToArray()));
    }

    /// <summary>Writes a global forecaster's networks to <paramref name="stream"/> as an ONNX model (opset 12): inputs
    /// <c>{id column}</c> (the series ids, a string per row, passed through), <c>{id column}.ForecastSteps</c> and, when the
    /// forecaster reads covariates or a season at the steps it forecasts, <c>{id column}.ForecastHorizon</c>; output
    /// <c>{id column}.ForecastQuantiles</c>. The windows are computed in .NET by
    /// <see cref="RecurrentForecastingTransformer.OnnxInput"/> and the quantiles unscaled by
    /// <see cref="RecurrentForecastingTransformer.FromOnnx"/> (the long-form reading and scaling are not in the graph).</summary>
    public static void Export(MLContext mlContext, RecurrentForecastingTransformer forecaster, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(forecaster);
        ArgumentNullException.ThrowIfNull(stream);
        string id = forecaster.SeriesIdColumnName;
        var schema = SchemaDefinition.Create(typeof(IdRow));
        schema[nameof(IdRow.Id)].ColumnName = id;
        var ids = mlContext.Data.LoadFromEnumerable(new[] { new IdRow { Id = "" } }, schema);
        using var converted = new MemoryStream();
        mlContext.Model.ConvertToOnnx(new Forecasting.ForecastOnnxDataView.Exporter(forecaster, id), ids, converted);
        stream.Write(OnnxIntermediateShapes.Remove(converted.ToArray()));
    }

    /// <summary>Writes a transcriber's network to <paramref name="stream"/> as an ONNX model (opset 12): input the
    /// features column, [rows, steps * features] for rows of the same number of steps; output
    /// <c>{transcript column}.StepLogProbabilities</c>, [rows, steps * classes], as
    /// <see cref="RecurrentTranscriberTransformer.StepLogProbabilities"/> gives them. Decoding them into a transcript is
    /// not in the graph: <see cref="RecurrentTranscriberTransformer.Decode"/> does it in .NET.</summary>
    public static void Export(MLContext mlContext, RecurrentTranscriberTransformer transcriber, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(transcriber);
        ArgumentNullException.ThrowIfNull(stream);
        var schema = SchemaDefinition.Create(typeof(StepsRow));
        schema[nameof(StepsRow.Steps)].ColumnName = transcriber.FeaturesColumnName;
        var steps = mlContext.Data.LoadFromEnumerable(new[] { new StepsRow { Steps = new float[transcriber.FeaturesPerStep] } }, schema);
        using var converted = new MemoryStream();
        mlContext.Model.ConvertToOnnx(new Transcription.TranscriberOnnxDataView.Exporter(transcriber), steps, converted);
        stream.Write(OnnxIntermediateShapes.Remove(converted.ToArray()));
    }

    private sealed class StepsRow
    {
        public float[] Steps { get; set; }
    }

    private sealed class IdRow
    {
        public string Id { get; set; }
    }

    /// <summary>The visible output columns that exist before the model's first CRF tagger, or null without one: a CRF
    /// tagger's tags and scores are not in the graph (Viterbi decoding and the marginals are done in .NET from the
    /// emissions the graph outputs), and steps after it could read them, so the graph ends before them. ML.NET's
    /// converter refuses a graph that lacks an output column unless told which columns to keep.</summary>
    private static string[] ColumnsBeforeCrfTagger(ITransformer model, DataViewSchema input)
    {
        var schema = input;
        foreach (var step in Steps(model))
        {
            if (step is RecurrentTaggerTransformer tagger && !TagOutput.For(tagger.OutputLayer).DecodesInOnnx)
            {
                var before = schema.Where(c => !c.IsHidden).Select(c => c.Name).ToHashSet();
                return model.GetOutputSchema(input).Where(c => !c.IsHidden && before.Contains(c.Name)).Select(c => c.Name).Distinct().ToArray();
            }
            schema = step.GetOutputSchema(schema);
        }
        return null;
    }

    /// <summary>The transformers of a model, chains opened.</summary>
    private static IEnumerable<ITransformer> Steps(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Steps) : [model];
}

using Microsoft.ML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network.Characters;
using RecurrentML.Network.Heads;
using static RecurrentML.Interop.OnnxAttribute;

namespace RecurrentML.Onnx;

/// <summary>
/// Writes a fitted tagger into the ONNX graph ML.NET's <c>ConvertToOnnx</c> builds, with standard operators only. The
/// graph does not read the token strings: looking words up in lower case and splitting them into characters have no
/// exact ONNX operator (StringNormalizer depends on the host's locales; opset 12 cannot split a string). Its inputs are
/// what <see cref="RecurrentTaggerTransformer.OnnxInput"/> computes in .NET from a sentence's tokens:
/// <list type="bullet">
/// <item><c>{tokens}.WordIds</c>, int64 [rows, tokens]: each token's word id (0 for an unknown word);</item>
/// <item><c>{tokens}.CharacterIds</c>, int64 [rows, tokens * characters] (with character features only): each token's
/// character ids, padded with 0 to a common width; the width does not change the result.</item>
/// </list>
/// Every row is one whole sentence: rows scored together have the same number of tokens. The nodes follow
/// <see cref="Network.TaggerNetwork"/>: word embedding beside the character CNN (embedding, convolution, maximum over each
/// word's characters, tanh), the recurrent layers (<see cref="OnnxEncoderGraph.WriteLayers"/>), the emission layer, and
/// the output layer's own nodes (<see cref="TagOutput.WriteOnnx"/>).
/// With a softmax output the graph ends in the score column (each token's probabilities, [rows, tokens * tags]) and the
/// predicted label column (the argmax as 1-based keys, [rows, tokens]). With a CRF output Viterbi decoding and the
/// marginals are not in the graph (they would need ONNX loops): the graph outputs <c>{score}.Emissions</c>
/// [rows, tokens, tags] and the CRF's weights (<c>{score}.Transitions</c> [1, tags, tags] from row tag to column tag,
/// <c>{score}.StartTransitions</c>, <c>{score}.EndTransitions</c> [1, tags]), and
/// <see cref="RecurrentTaggerTransformer.DecodeEmissions"/> turns emissions into tags and scores in .NET; the predicted
/// label and score columns are left out of the graph.
/// </summary>
internal static class OnnxTaggerGraph
{
    public const string WordIdsInput = "WordIds", CharacterIdsInput = "CharacterIds";

    public static void Write(OnnxGraphBuilder graph, RecurrentTaggerTransformer tagger)
    {
        graph.RequireOpSet(OnnxEncoderGraph.MinimumOpSet, $"RecurrentML tagger '{tagger.PredictedLabelColumnName}'");
        var model = tagger.Model;
        var weights = model.Weights.ToDictionary(w => w.Name);
        var int64Vector = new VectorDataViewType(NumberDataViewType.Int64);
        var wordIds = graph.Input($"{tagger.TokensColumnName}.{WordIdsInput}", int64Vector);

        // [tokens, rows, word embedding]: time-major, as the layers read.
        var idsByStep = graph.Node("Transpose", new[] { wordIds }, "word_ids_by_step", Ints("perm", 1, 0));
        var steps = graph.Node("Gather", new[] { Constant(graph, weights, TaggerWeights.Words), idsByStep }, "word_embeddings");
        if (model.Characters is { } characters)
        {
            var characterIds = graph.Input($"{tagger.TokensColumnName}.{CharacterIdsInput}", int64Vector);
            var spelled = WriteCharacterFeatures(graph, wordIds, characterIds, characters, weights);
            steps = graph.Node("Concat", new[] { steps, spelled }, "token_features", Int("axis", 2));
        }

        var layers = model.Layers;
        var encoderWeights = model.Weights.Where(w => w.Name.StartsWith(TaggerWeights.EncoderPrefix))
            .ToDictionary(w => w.Name[TaggerWeights.EncoderPrefix.Length..], w => w with { Name = w.Name[TaggerWeights.EncoderPrefix.Length..] });
        var (outputs, _) = OnnxEncoderGraph.WriteLayers(graph, steps, layers, encoderWeights, finalStatesOnly: false);
        // Y is [tokens, directions, rows, hidden]; the emission layer reads [tokens, rows, directions * hidden].
        var byStep = graph.Node("Transpose", new[] { outputs }, "outputs_by_step", Ints("perm", 0, 2, 1, 3));
        var encoded = graph.Node("Reshape", new[] { byStep, graph.Constant("encoded_shape", new long[] { 0, 0, layers.EncodingSize }, 3) }, "encoded");
        var emissionWeight = weights[TaggerWeights.EmissionWeight];
        var transposedWeight = OnnxMatrix.Transposed(emissionWeight.Values, (int)emissionWeight.Shape[0], (int)emissionWeight.Shape[1]);
        var timeMajor = graph.Node("Add", new[]
        {
            graph.Node("MatMul", new[] { encoded, graph.Constant("emission_weight_t", transposedWeight, emissionWeight.Shape[1], emissionWeight.Shape[0]) }, "emission_products"),
            Constant(graph, weights, TaggerWeights.EmissionBias),
        }, "emissions_by_step");
        var emissions = graph.Node("Transpose", new[] { timeMajor }, "emissions", Ints("perm", 1, 0, 2));

        TagOutput.For(model.OutputLayer).WriteOnnx(graph, new OnnxTagOutputColumns(tagger.PredictedLabelColumnName, tagger.ScoreColumnName), emissions,
            model.Tags.Count, weights);
    }

    /// <summary>The character CNN of each token, [tokens, rows, filters], as <see cref="CharacterCnn"/> computes it:
    /// the convolution zero-pads width / 2 characters on both sides, and the maximum skips padding characters except a
    /// word's first position (a word of no characters keeps one window).</summary>
    private static string WriteCharacterFeatures(OnnxGraphBuilder graph, string wordIds, string characterIds, CharacterFeatures features,
        IReadOnlyDictionary<string, NamedWeight> weights)
    {
        string Weight(string name) => Constant(graph, weights, TaggerWeights.CharactersPrefix + name);
        // [rows * tokens, characters]: one word per row.
        var wordShape = graph.Node("Shape", new[] { wordIds }, "word_ids_shape");
        var rows = graph.Node("Slice", new[] { wordShape, Axis(graph, "rows_start", 0), Axis(graph, "rows_end", 1) }, "rows");
        var tokens = graph.Node("Slice", new[] { wordShape, Axis(graph, "tokens_start", 1), Axis(graph, "tokens_end", 2) }, "tokens");
        var words = graph.Node("Mul", new[] { rows, tokens }, "words");
        var perWord = graph.Node("Reshape", new[] { characterIds, graph.Node("Concat", new[] { words, graph.Constant("any_width", new long[] { -1 }, 1) }, "per_word_shape", Int("axis", 0)) }, "character_ids_per_word");

        // [words, embedding, characters] → Conv → [words, filters, characters].
        var embedded = graph.Node("Gather", new[] { Weight(CharacterCnn.EmbeddingWeight), perWord }, "character_embeddings");
        var channels = graph.Node("Transpose", new[] { embedded }, "character_channels", Ints("perm", 0, 2, 1));
        int half = features.Width / 2;
        var windows = graph.Node("Conv", new[] { channels, Weight(CharacterCnn.ConvolutionWeight), Weight(CharacterCnn.ConvolutionBias) }, "character_windows",
            Ints("kernel_shape", features.Width), Ints("pads", half, half));

        // Padding positions after the first: excluded from the maximum.
        var isPadding = graph.Node("Equal", new[] { perWord, graph.Scalar("padding_id", (long)CharacterVocabulary.Padding) }, "is_padding_character");
        var width = graph.Node("Squeeze", new[] { graph.Node("Slice", new[] { graph.Node("Shape", new[] { perWord }, "per_word_shape_now"),
            Axis(graph, "width_start", 1), Axis(graph, "width_end", 2) }, "width_1d") }, "width", Ints("axes", 0));
        var positions = graph.Node("Range", new[] { graph.Scalar("position_start", 0L), width, graph.Scalar("position_step", 1L) }, "positions");
        var afterFirst = graph.Node("Greater", new[] { positions, graph.Scalar("first_position", 0L) }, "after_first");
        var skipped = graph.Node("Unsqueeze", new[] { graph.Node("And", new[] { isPadding, afterFirst }, "skipped_character") }, "skipped_window", Ints("axes", 1));
        var masked = graph.Node("Where", new[] { skipped, graph.Scalar("minus_infinity", float.NegativeInfinity), windows }, "masked_windows");
        var wordFeatures = graph.Node("Tanh", new[] { graph.Node("ReduceMax", new[] { masked }, "window_maxima", Ints("axes", 2), Int("keepdims", 0)) }, "word_features");

        // [rows, tokens, filters] → [tokens, rows, filters].
        var byRow = graph.Node("Reshape", new[] { wordFeatures, graph.Node("Concat", new[] { wordShape, graph.Constant("filters_axis", new long[] { -1 }, 1) }, "word_features_shape", Int("axis", 0)) }, "word_features_by_row");
        return graph.Node("Transpose", new[] { byRow }, "word_features_by_step", Ints("perm", 1, 0, 2));
    }

    private static string Axis(OnnxGraphBuilder graph, string hint, long value) => graph.Constant(hint, new[] { value }, 1);

    private static string Constant(OnnxGraphBuilder graph, IReadOnlyDictionary<string, NamedWeight> weights, string name)
    {
        if (!weights.TryGetValue(name, out var weight))
            throw new InvalidOperationException($"The tagger has no weight '{name}'; it does not match its shape.");
        return graph.Constant(name, weight.Values, weight.Shape);
    }
}

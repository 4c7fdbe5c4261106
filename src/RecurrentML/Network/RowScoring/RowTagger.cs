using System.Buffers;
using RecurrentML.Model;
using RecurrentML.Network.Characters;
using RecurrentML.Network.Heads;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RecurrentML.Network.RowScoring;

/// <summary>
/// Tags one sentence at a time on the calling thread, in managed code, with the same function as the torch tagger
/// (<see cref="TaggerNetwork"/>; equal within float rounding, tested to 1e-5): each token's word embedding beside its
/// character features (<see cref="CharacterCnnRows"/>), the recurrent layers (<see cref="RowLayers"/>), the emission
/// layer, then the output layer's decoding (<see cref="TagOutput.Decoder"/>: a softmax per token and its argmax, or the
/// CRF's Viterbi path and marginals). One sentence needs no batch and none of libtorch's per-call overhead, so a
/// <c>PredictionEngine</c> call costs only the arithmetic, and any number of callers can tag at once on their own
/// threads: the weights are read-only after construction, and each call takes its working memory from the shared
/// array pool.
/// </summary>
internal sealed class RowTagger
{
    private readonly RowLayers _layers;
    // The first layer's input gates of each word (its embedding's columns of W_ih, and b_ih), cached per word id.
    private readonly TokenProjections _words;
    private readonly CharacterCnnRows _characters;
    // The first layer's W_ih columns that read the character features, per direction, without bias; null without them.
    private readonly GateMatrix[] _spelling;
    private readonly ScoreLayer _emissions;
    private readonly RowTagDecoder _decode;

    public RowTagger(TaggerModel model)
    {
        var weights = model.Weights.ToDictionary(w => w.Name);
        var shape = model.Layers;
        _layers = new RowLayers(shape, weights, TaggerWeights.EncoderPrefix);
        int wordSize = model.WordEmbeddingSize;
        var wordColumns = _layers.FirstLayerInput;
        if (model.Characters != null)
        {
            _characters = new CharacterCnnRows(weights, TaggerWeights.CharactersPrefix);
            var zeros = new float[_layers.GateRows];
            wordColumns = new GateMatrix[_layers.Directions];
            _spelling = new GateMatrix[_layers.Directions];
            for (int d = 0; d < _layers.Directions; d++)
            {
                var names = WeightNames.Layer(0, d);
                var input = weights[TaggerWeights.EncoderPrefix + names.InputWeight].Values;
                // The layer reads [word embedding, character features]: its matrix's first columns read the word.
                wordColumns[d] = Columns(input, weights[TaggerWeights.EncoderPrefix + names.InputBias].Values, 0, wordSize);
                _spelling[d] = Columns(input, zeros, wordSize, _characters.Filters);
            }
        }
        _words = new TokenProjections(weights[TaggerWeights.Words].Values, wordSize, wordColumns);
        _emissions = new ScoreLayer(model.Tags.Count, shape.EncodingSize, weights[TaggerWeights.EmissionWeight].Values, weights[TaggerWeights.EmissionBias].Values);
        _decode = TagOutput.For(model.OutputLayer).Decoder(model.Weights, model.Tags.Count);

        GateMatrix Columns(float[] matrix, float[] bias, int start, int count)
        {
            int rows = _layers.GateRows, columns = shape.InputSize;
            var part = new float[rows * count];
            for (int r = 0; r < rows; r++) matrix.AsSpan(r * columns + start, count).CopyTo(part.AsSpan(r * count, count));
            return new GateMatrix(part, bias, rows, count);
        }
    }

    public int Tags => _emissions.Outputs;

    /// <summary>The output layer's decoding of one sentence's emissions [tokens * tags] (built once with the model),
    /// for emissions computed elsewhere, such as by the tagger's ONNX graph.</summary>
    public void Decode(ReadOnlySpan<float> emissions, Span<int> path, Span<float> probabilities) => _decode(emissions, path, probabilities);

    /// <summary>The sentence's 0-based tags and each token's probability of every tag, [tokens * tags]; a sentence of
    /// no tokens gets empty arrays.</summary>
    public (long[] Tags, float[] Probabilities) Tag(IdSentence sentence)
    {
        int steps = sentence.Words.Length, tags = Tags;
        if (steps == 0) return (Array.Empty<long>(), Array.Empty<float>());
        int size = _layers.Shape.EncodingSize, stepGates = _layers.StepGates, rows = _layers.GateRows;
        var pool = ArrayPool<float>.Shared;
        float[] gates = pool.Rent(steps * stepGates), outputs = pool.Rent(steps * size), spelled = pool.Rent((_characters?.Filters ?? 0) + rows);
        try
        {
            for (int t = 0; t < steps; t++)
            {
                var stepInput = gates.AsSpan(t * stepGates, stepGates);
                _words.Of((int)sentence.Words[t], stepInput).CopyTo(stepInput);
                if (_characters == null) continue;
                Span<float> features = spelled.AsSpan(0, _characters.Filters), product = spelled.AsSpan(_characters.Filters, rows);
                _characters.Encode(sentence.Characters[t], features);
                for (int d = 0; d < _spelling.Length; d++)
                {
                    _spelling[d].Apply(features, product);
                    var direction = stepInput.Slice(d * rows, rows);
                    TensorPrimitives.Add(direction, product, direction);
                }
            }
            _layers.Run(steps, gates.AsSpan(0, steps * stepGates), outputs.AsSpan(0, steps * size));
            var emissions = new float[steps * tags];
            for (int t = 0; t < steps; t++) _emissions.Apply(outputs.AsSpan(t * size, size), emissions.AsSpan(t * tags, tags));
            var path = new int[steps];
            var probabilities = new float[steps * tags];
            _decode(emissions, path, probabilities);
            return (Array.ConvertAll(path, t => (long)t), probabilities);
        }
        finally
        {
            pool.Return(gates);
            pool.Return(outputs);
            pool.Return(spelled);
        }
    }
}

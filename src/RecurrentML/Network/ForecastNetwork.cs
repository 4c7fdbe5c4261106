using RecurrentML.Model;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// A global forecaster's network: the recurrent encoder (<see cref="EncoderNetwork"/>, float steps, last step's
/// output) reads a window's past steps; a decoder shared by every step forecast (as MQ-RNN's local MLP, Wen et al. 2017)
/// reads the encoding, that step's future covariates and season, and a one-hot of the step's index, and outputs
/// every quantile level at once: all steps are forecast directly, none from another's forecast.
/// </summary>
internal sealed class ForecastNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly EncoderNetwork encoder;
    private readonly Linear decoder_hidden;
    private readonly Linear decoder_output;
    private readonly ForecastLayout _layout;

    /// <summary>Weight names (torch's, from the fields above), read by the ONNX graph and the expected-weights list.</summary>
    public const string EncoderPrefix = "encoder.", DecoderHiddenWeight = "decoder_hidden.weight", DecoderHiddenBias = "decoder_hidden.bias",
        DecoderOutputWeight = "decoder_output.weight", DecoderOutputBias = "decoder_output.bias";

    public ForecastNetwork(ForecastLayout layout, NetworkShape encoderShape, int decoderSize) : base(nameof(ForecastNetwork))
    {
        _layout = layout;
        encoder = new EncoderNetwork(encoderShape);
        decoder_hidden = nn.Linear(DecoderInputs(layout, encoderShape), decoderSize);
        decoder_output = nn.Linear(decoderSize, layout.QuantileLevels.Length);
        RegisterComponents();
    }

    /// <summary>What the decoder reads at each step forecast: the encoding, the step's features and its one-hot index.</summary>
    public static int DecoderInputs(ForecastLayout layout, NetworkShape encoderShape) =>
        encoderShape.EncodingSize + layout.HorizonFeatures + layout.Horizon;

    /// <summary>Draws every weight from <paramref name="generator"/>: the encoder as <see cref="EncoderNetwork.Initialize"/>,
    /// the decoder's linear layers uniform in ±1/√inputs (torch's default).</summary>
    public void Initialize(Generator generator)
    {
        encoder.Initialize(generator);
        using var noGrad = no_grad();
        foreach (var layer in new[] { decoder_hidden, decoder_output })
            foreach (var parameter in layer.parameters()) UniformInitialization.Fill(parameter, 1 / Math.Sqrt(layer.in_features), generator);
    }

    /// <param name="steps">[batch, ContextLength, StepFeatures].</param>
    /// <param name="horizon">[batch, Horizon, HorizonFeatures].</param>
    /// <returns>[batch, Horizon, quantile levels]: the scaled forecasts.</returns>
    public override Tensor forward(Tensor steps, Tensor horizon)
    {
        using var scope = NewDisposeScope();
        long batch = steps.shape[0], context = steps.shape[1];
        // Every window has the full context (padding is marked by the observed flag). An array, not full(): a temporary
        // Scalar can be finalised mid-call (PLATFORM.md).
        using var lengths = tensor(Enumerable.Repeat(context, (int)batch).ToArray());
        var encoding = encoder.Encode(steps, lengths).Encoding;
        int h = _layout.Horizon;
        var index = eye(h, dtype: ScalarType.Float32, device: steps.device).unsqueeze(0).expand(batch, h, h);
        var input = cat(new[] { encoding.unsqueeze(1).expand(batch, h, encoding.shape[1]), horizon, index }, 2);
        return decoder_output.call(nn.functional.relu(decoder_hidden.call(input))).MoveToOuterDisposeScope();
    }
}

using RecurrentML.Model;
using RecurrentML.Network;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>The linear layer that maps an encoding to the row label's outputs during training, with dropout on the
/// encoding. After training only its weights are kept (<see cref="Export"/>), for the encoder's score column.</summary>
internal sealed class TrainingHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear;
    private readonly double _dropout;
    private readonly Generator _generator;

    public TrainingHead(int encodingSize, int outputs, double dropout, Generator generator) : base(nameof(TrainingHead))
    {
        linear = nn.Linear(encodingSize, outputs);
        _dropout = dropout;
        _generator = generator;
        RegisterComponents();
        // torch's default Linear initialisation, uniform in ±1/√inputs, drawn from the training's generator.
        using var noGrad = no_grad();
        double bound = 1 / Math.Sqrt(encodingSize);
        foreach (var parameter in linear.parameters()) UniformInitialization.Fill(parameter, bound, generator);
    }

    /// <summary>The layer's weights as plain values.</summary>
    public ScoreLayer Export()
    {
        using var scope = NewDisposeScope();
        var weight = linear.weight.detach().cpu();
        return new ScoreLayer((int)weight.shape[0], (int)weight.shape[1], weight.data<float>().ToArray(),
            linear.bias.detach().cpu().data<float>().ToArray());
    }

    public override Tensor forward(Tensor encoding) =>
        linear.call(training ? SeededDropout.Apply(encoding, _dropout, _generator) : encoding);
}

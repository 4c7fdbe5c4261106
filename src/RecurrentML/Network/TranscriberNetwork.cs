using RecurrentML.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// A transcriber's network: standardised float steps → recurrent layers (an <see cref="EncoderNetwork"/> read at every
/// step) → a linear layer giving each step a score per class (CTC's blank, then the symbols) → log-softmax. Dropout
/// (training only) applies between layers and to the last layer's outputs, with masks from the training's generator.
/// Parameter names: <see cref="TranscriberWeights"/>.
/// </summary>
internal sealed class TranscriberNetwork : nn.Module
{
    // Field names are the parameter names (RegisterComponents), in this order.
    private readonly EncoderNetwork encoder;
    private readonly Linear output;
    private double _dropout;
    private Generator _dropoutGenerator;

    /// <param name="layers">The recurrent layers (float input: no embedding).</param>
    /// <param name="classes">Outputs per step: the blank and the symbols.</param>
    /// <param name="generator">Draws the initial weights.</param>
    public TranscriberNetwork(NetworkShape layers, int classes, Generator generator) : base(nameof(TranscriberNetwork))
    {
        Layers = layers;
        encoder = new EncoderNetwork(layers);
        output = nn.Linear(layers.EncodingSize, classes);
        RegisterComponents();
        encoder.Initialize(generator);
        using var noGrad = no_grad();
        double bound = 1 / Math.Sqrt(layers.EncodingSize);
        foreach (var parameter in output.parameters()) UniformInitialization.Fill(parameter, bound, generator);
    }

    public NetworkShape Layers { get; }

    /// <summary>Dropout applied in training mode between the recurrent layers and to their outputs.</summary>
    public void SetDropout(double probability, Generator generator)
    {
        _dropout = probability;
        _dropoutGenerator = generator;
        encoder.SetDropoutBetweenLayers(probability, generator);
    }

    /// <summary>Each step's log-probability of every class: [steps, batch, classes], time-major, as CTC's loss reads it.</summary>
    /// <param name="steps">[batch, steps, features] float32, standardised.</param>
    /// <param name="lengths">[batch] int64 valid steps per row (each >= 1), on the CPU.</param>
    public Tensor LogProbabilities(Tensor steps, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var outputs = encoder.StepOutputs(steps.transpose(0, 1), lengths);
        if (training && _dropout > 0) outputs = SeededDropout.Apply(outputs, _dropout, _dropoutGenerator);
        return output.call(outputs).log_softmax(2).MoveToOuterDisposeScope();
    }
}

using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// What a training starts from: the network and the temporary head, with every initial weight and dropout mask drawn
/// from the training's own generator, on the training's device. <see cref="EncoderTrainer"/> trains from it; the
/// benchmark times steps from it. Disposing frees the head and the generator, and the network unless
/// <see cref="TakeNetwork"/> handed it over.
/// </summary>
internal sealed class TrainingSetup : IDisposable
{
    private EncoderNetwork _network;

    /// <param name="shape">The network's architecture.</param>
    /// <param name="outputs">The head's outputs: the row label's.</param>
    /// <param name="settings">The seed, dropout and gate initialisation are read.</param>
    /// <param name="device">Where the network and head live.</param>
    /// <param name="log">Where the network reports its LSTM kernel choices.</param>
    /// <param name="lstmKernels">Chooses the LSTM kernel; the process's guard when null (the benchmark forces kernels).</param>
    public TrainingSetup(NetworkShape shape, int outputs, TrainingSettings settings, Device device, Action<string> log, LstmKernelGuard lstmKernels = null)
    {
        // Every random draw of training (initial weights, dropout masks) comes from this generator, so a seed gives
        // the same weights whatever else uses torch in the process.
        Generator = new Generator((ulong)settings.Seed, device);
        _network = new EncoderNetwork(shape, lstmKernels) { Log = log };
        _network.Initialize(Generator, settings.GateBiases, settings.ChronoMaxTimescale);
        if (settings.Pretrained is { } pretrained) NetworkWeights.Import(_network, pretrained.Weights, all: false);
        settings.WordVectors?.Apply(_network.EmbeddingWeight);
        _network.SetDropoutBetweenLayers(settings.Dropout, Generator);
        Head = new TrainingHead(shape.EncodingSize, outputs, settings.Dropout, Generator);
        _network.to(device);
        Head.to(device);
    }

    public EncoderNetwork Network => _network ?? throw new ObjectDisposedException(nameof(TrainingSetup), "The network was handed over.");

    public TrainingHead Head { get; }

    public Generator Generator { get; }

    /// <summary>Hands the trained network to the caller, who then owns it.</summary>
    public EncoderNetwork TakeNetwork()
    {
        var network = Network;
        _network = null;
        return network;
    }

    public void Dispose()
    {
        _network?.Dispose();
        Head.Dispose();
        Generator.Dispose();
    }
}

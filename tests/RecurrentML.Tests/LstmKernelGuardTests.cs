using RecurrentML.Model;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Network;
using RecurrentML.Network.Kernels;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>
/// The LSTM kernel guard's decisions, tested by injecting what its probe finds, so that they are tested on every CPU
/// (whether or not its oneDNN kernel is faulty), and the probe itself, on kernels made faulty on purpose.
/// </summary>
public class LstmKernelGuardTests
{
    private static readonly LstmLayerShape Shape = new(8, 16, false);

    /// <summary>A probe that finds every kernel right except those given, which differ by the value given.</summary>
    private static Func<LstmLayerShape, bool, LstmKernel, double?> Finding(Dictionary<(bool Gradients, LstmKernel Kernel), double?> faults, List<string> calls = null) =>
        (shape, gradients, kernel) =>
        {
            calls?.Add($"{shape} {gradients} {kernel}");
            return faults.TryGetValue((gradients, kernel), out var fault) ? fault : 1e-7;
        };

    [Theory]
    [InlineData(false, false, nameof(LstmKernel.OneDnn))]
    [InlineData(false, true, nameof(LstmKernel.OneDnn))]
    [InlineData(true, false, nameof(LstmKernel.OneDnn))]
    [InlineData(true, true, nameof(LstmKernel.Generic))]
    public void Where_every_kernel_is_right_the_fastest_for_the_CPU_is_chosen(bool gradients, bool avx512, string expected)
    {
        var guard = new LstmKernelGuard(Finding(new()), avx512);
        Assert.Equal(Enum.Parse<LstmKernel>(expected), guard.Choose(Shape, gradients, null));
    }

    [Fact]
    public void A_kernel_that_disagrees_with_the_equations_is_not_used_and_the_log_says_why()
    {
        var log = new List<string>();
        var guard = new LstmKernelGuard(Finding(new() { [(false, LstmKernel.OneDnn)] = 0.23 }), avx512: true);
        Assert.Equal(LstmKernel.Generic, guard.Choose(Shape, gradients: false, log.Add));
        var message = Assert.Single(log);
        Assert.Contains("input 8, hidden 16", message);
        Assert.Contains("ATen's generic LSTM kernel", message);
        Assert.Contains("oneDNN LSTM kernel differs from the LSTM equations by 0.23", message);
        // Training is decided on its own: oneDNN's training kernel may be right where its inference kernel is not.
        Assert.Equal(LstmKernel.OneDnn, new LstmKernelGuard(Finding(new() { [(false, LstmKernel.OneDnn)] = 0.23 }), avx512: false)
            .Choose(Shape, gradients: true, null));
    }

    [Fact]
    public void Without_the_native_switch_a_faulty_oneDNN_kernel_falls_back_to_packed_sequences()
    {
        var guard = new LstmKernelGuard(Finding(new() { [(false, LstmKernel.OneDnn)] = 0.5, [(false, LstmKernel.Generic)] = null }), avx512: true);
        Assert.Equal(LstmKernel.Packed, guard.Choose(Shape, gradients: false, null));
    }

    [Fact]
    public void When_no_kernel_is_right_the_call_fails_with_what_was_found()
    {
        var guard = new LstmKernelGuard((_, _, _) => 0.1, avx512: false);
        var error = Assert.Throws<InvalidOperationException>(() => guard.Choose(Shape, gradients: true, null));
        Assert.Contains("input 8, hidden 16, forward only training (with gradients)", error.Message);
        Assert.Contains("ATen's packed-sequence LSTM differs from the LSTM equations by 0.1", error.Message);
    }

    [Fact]
    public void Each_shape_and_mode_is_probed_and_logged_once()
    {
        var calls = new List<string>();
        var log = new List<string>();
        var guard = new LstmKernelGuard(Finding(new() { [(false, LstmKernel.OneDnn)] = 0.3 }, calls), avx512: false);
        for (int i = 0; i < 3; i++)
        {
            guard.Choose(Shape, false, log.Add);
            guard.Choose(Shape, true, log.Add);
            guard.Choose(Shape with { HiddenSize = 17 }, false, log.Add);
        }
        Assert.Equal(5, calls.Count); // OneDnn then Generic for each scoring shape, OneDnn alone for training
        Assert.Equal(3, log.Count);
    }

    [Theory]
    [InlineData(2, 1, false)]
    [InlineData(16, 100, false)]
    [InlineData(64, 33, true)]
    [InlineData(64, 128, false)]
    public void The_generic_and_packed_kernels_agree_with_the_equations_on_any_CPU(int input, int hidden, bool bidirectional)
    {
        var probe = new LstmKernelProbe();
        var shape = new LstmLayerShape(input, hidden, bidirectional);
        foreach (bool gradients in new[] { false, true })
        {
            Assert.True(probe.Deviation(shape, gradients, LstmKernel.Generic) < LstmKernelGuard.Tolerance, $"generic, gradients {gradients}");
            Assert.True(probe.Deviation(shape, gradients, LstmKernel.Packed) < LstmKernelGuard.Tolerance, $"packed, gradients {gradients}");
        }
    }

    [Fact]
    public void The_probe_finds_a_kernel_whose_outputs_are_off()
    {
        var probe = new LstmKernelProbe((layer, steps, kernel) => LstmKernels.Run(layer, steps, LstmKernel.Packed).Outputs.add(0.04));
        Assert.True(probe.Deviation(Shape, false, LstmKernel.OneDnn) > 0.039);
    }

    [Fact]
    public void The_probe_finds_a_kernel_whose_outputs_are_right_but_whose_gradients_are_not()
    {
        // Forward values of the packed kernel, gradients 1.1 times too large.
        static torch.Tensor Faulty(LSTM layer, torch.Tensor steps, LstmKernel kernel)
        {
            var outputs = LstmKernels.Run(layer, steps, LstmKernel.Packed).Outputs;
            return outputs.detach() + (outputs - outputs.detach()) * 1.1;
        }
        var probe = new LstmKernelProbe(Faulty);
        Assert.True(probe.Deviation(Shape, false, LstmKernel.OneDnn) < LstmKernelGuard.Tolerance);
        Assert.True(probe.Deviation(Shape, true, LstmKernel.OneDnn) > 1e-3);
    }

    [Fact]
    public void The_oneDNN_kernel_is_not_checked_while_another_thread_has_oneDNN_turned_off()
    {
        // Another thread's generic call turns oneDNN off for the whole process; a check run meanwhile would measure
        // the generic kernel and pass a faulty oneDNN kernel. It waits instead.
        var probe = new LstmKernelProbe();
        Task<double?> check;
        using (TorchMkldnnSwitch.Disable())
        {
            check = Task.Run(() => probe.Deviation(Shape, false, LstmKernel.OneDnn));
            Assert.False(check.Wait(300), "the check ran while oneDNN was turned off");
        }
        Assert.True(check.Wait(60_000));
        Assert.NotNull(check.Result);
    }

    [Theory]
    [InlineData(nameof(LstmKernel.Generic))]
    [InlineData(nameof(LstmKernel.Packed))]
    public void A_network_runs_its_dense_LSTM_layers_on_the_chosen_kernel(string kernelName)
    {
        var only = Enum.Parse<LstmKernel>(kernelName);
        // A guard that finds only one kernel right: the network reports it for both layer shapes in both modes, and
        // its encodings and input gradients agree with those of the other verified kernel.
        LstmKernelGuard Only(LstmKernel right) => new((_, _, kernel) => kernel == right ? 0 : 1, avx512: false);
        var other = only == LstmKernel.Generic ? LstmKernel.Packed : LstmKernel.Generic;
        var log = new List<string>();
        var shape = new NetworkShape(RecurrentCell.Lstm, 0, 3, 16, 2, false, SequencePooling.Mean, RnnNonlinearity.Tanh);
        var actual = Encode(new EncoderNetwork(shape, Only(only)) { Log = log.Add });
        var expected = Encode(new EncoderNetwork(shape, Only(other)));
        Assert.Equal(4, log.Count); // two layer shapes (input 3 and 16), with and without gradients
        Assert.All(log, message => Assert.Contains(LstmKernels.Describe(only), message));
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6f);
    }

    /// <summary>Scoring encodings, training encodings and the input gradients of their sum, one after another.</summary>
    private static float[] Encode(EncoderNetwork network)
    {
        using (network)
        {
            using var generator = new torch.Generator(3, torch.CPU);
            network.Initialize(generator);
            var random = new Random(4);
            var batch = PaddedBatch.FromValues(4, 3, _ => Enumerable.Range(0, 15).Select(_ => (float)random.NextDouble()).ToArray());
            var (input, lengths) = BatchTensors.Create(batch, torch.CPU);
            network.eval();
            float[] scored;
            using (torch.no_grad()) scored = network.call(input, lengths).data<float>().ToArray();
            network.train();
            input.requires_grad_(true);
            var trained = network.call(input, lengths);
            trained.sum().backward();
            return scored.Concat(trained.detach().data<float>().ToArray()).Concat(input.grad.data<float>().ToArray()).ToArray();
        }
    }
}

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

    private static readonly LstmCallSize Size = new(100, 32);

    /// <summary>Kernel speeds for the injected timer: milliseconds per call.</summary>
    private static Func<LstmLayerShape, bool, LstmKernel, LstmCallSize, double> Timing(Dictionary<LstmKernel, double> milliseconds, List<string> calls = null) =>
        (shape, gradients, kernel, size) =>
        {
            calls?.Add($"{shape} {gradients} {kernel} {size}");
            return milliseconds[kernel];
        };

    private static readonly Func<LstmLayerShape, bool, LstmKernel, LstmCallSize, double> GenericFastest =
        Timing(new() { [LstmKernel.OneDnn] = 60, [LstmKernel.Generic] = 50, [LstmKernel.Packed] = 90 });

    [Theory]
    [InlineData(nameof(LstmKernel.OneDnn), 40.0, 50.0, 60.0)]
    [InlineData(nameof(LstmKernel.Generic), 51.3, 50.0, 90.0)]
    [InlineData(nameof(LstmKernel.Packed), 70.0, 80.0, 60.0)]
    public void Of_the_right_kernels_the_fastest_on_the_call_is_chosen_and_a_slower_one_never(string expected, double oneDnn, double generic, double packed)
    {
        foreach (bool gradients in new[] { false, true })
        {
            var guard = new LstmKernelGuard(Finding(new()), Timing(new() { [LstmKernel.OneDnn] = oneDnn, [LstmKernel.Generic] = generic, [LstmKernel.Packed] = packed }));
            Assert.Equal(Enum.Parse<LstmKernel>(expected), guard.Choose(Shape, gradients, Size, null));
        }
    }

    [Fact]
    public void A_faster_kernel_that_is_wrong_is_never_chosen_nor_timed()
    {
        var timed = new List<string>();
        var log = new List<string>();
        // oneDNN would be fastest by far, but it disagrees with the equations.
        var guard = new LstmKernelGuard(Finding(new() { [(false, LstmKernel.OneDnn)] = 0.23 }),
            Timing(new() { [LstmKernel.OneDnn] = 1, [LstmKernel.Generic] = 50, [LstmKernel.Packed] = 90 }, timed));
        Assert.Equal(LstmKernel.Generic, guard.Choose(Shape, gradients: false, Size, log.Add));
        Assert.DoesNotContain(timed, call => call.Contains(nameof(LstmKernel.OneDnn)));
        var message = Assert.Single(log);
        Assert.Contains("input 8, hidden 16", message);
        Assert.Contains("ATen's generic LSTM kernel, the fastest of the right kernels on a call of 32 rows × 100 steps", message);
        Assert.Contains("ATen's generic LSTM kernel 50.0 ms, ATen's packed-sequence LSTM 90.0 ms", message);
        Assert.Contains("oneDNN LSTM kernel differs from the LSTM equations by 0.23", message);
        // Training is decided on its own: oneDNN's training kernel may be right where its inference kernel is not.
        Assert.Equal(LstmKernel.OneDnn, guard.Choose(Shape, gradients: true, Size, null));
    }

    [Fact]
    public void A_kernel_that_is_the_only_right_one_is_used_untimed()
    {
        var timed = new List<string>();
        var guard = new LstmKernelGuard(Finding(new() { [(false, LstmKernel.OneDnn)] = 0.5, [(false, LstmKernel.Generic)] = null }),
            Timing(new() { [LstmKernel.OneDnn] = 1, [LstmKernel.Generic] = 1, [LstmKernel.Packed] = 90 }, timed));
        var log = new List<string>();
        Assert.Equal(LstmKernel.Packed, guard.Choose(Shape, gradients: false, Size, log.Add));
        Assert.Empty(timed);
        Assert.Contains("the only kernel that is right here", Assert.Single(log));
        Assert.Contains("ATen's generic LSTM kernel is not available in this libtorch", log[0]);
    }

    [Fact]
    public void When_no_kernel_is_right_the_call_fails_with_what_was_found()
    {
        var guard = new LstmKernelGuard((_, _, _) => 0.1, GenericFastest);
        var error = Assert.Throws<InvalidOperationException>(() => guard.Choose(Shape, gradients: true, Size, null));
        Assert.Contains("input 8, hidden 16, forward only training (with gradients)", error.Message);
        Assert.Contains("ATen's packed-sequence LSTM differs from the LSTM equations by 0.1", error.Message);
    }

    [Fact]
    public void Each_shape_and_mode_is_probed_timed_and_logged_once_on_its_first_calls_size()
    {
        var probed = new List<string>();
        var timed = new List<string>();
        var log = new List<string>();
        var guard = new LstmKernelGuard(Finding(new() { [(false, LstmKernel.OneDnn)] = 0.3 }, probed),
            Timing(new() { [LstmKernel.OneDnn] = 60, [LstmKernel.Generic] = 50, [LstmKernel.Packed] = 90 }, timed));
        for (int i = 0; i < 3; i++)
        {
            guard.Choose(Shape, false, Size with { Rows = 32 + i }, log.Add);
            guard.Choose(Shape, true, Size, log.Add);
            guard.Choose(Shape with { HiddenSize = 17 }, false, Size, log.Add);
        }
        Assert.Equal(9, probed.Count); // three kernels for each of the three shape-and-mode pairs
        Assert.Equal(2 + 3 + 2, timed.Count); // the right kernels of each pair
        Assert.All(timed, call => Assert.EndsWith("32 rows × 100 steps", call));
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public void The_timer_measures_every_kernel_on_a_real_layer()
    {
        var timer = new LstmKernelTimer();
        foreach (var kernel in new[] { LstmKernel.OneDnn, LstmKernel.Generic, LstmKernel.Packed })
            foreach (bool gradients in new[] { false, true })
            {
                double milliseconds = timer.Milliseconds(Shape, gradients, kernel, new LstmCallSize(20, 4));
                Assert.True(milliseconds > 0 && milliseconds < 10_000, $"{kernel}, gradients {gradients}: {milliseconds} ms");
            }
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
        LstmKernelGuard Only(LstmKernel right) => new((_, _, kernel) => kernel == right ? 0 : 1, GenericFastest);
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

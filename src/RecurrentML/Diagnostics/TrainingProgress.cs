using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using RecurrentML.Training;

namespace RecurrentML;

/// <summary>
/// Shows RecurrentML's trainings as they run, like Keras' <c>verbose=1</c>: the setup, the objective chosen from the
/// label, each epoch's line as it ends, early stopping and warnings, one plain line each (no ML.NET source prefix, and
/// none of ML.NET's own trace lines), and, on a terminal, a progress bar inside each epoch.
/// <code>
/// using var progress = TrainingProgress.WriteToConsole(mlContext);
/// var model = pipeline.Fit(trainingData);
/// </code>
/// </summary>
public static class TrainingProgress
{
    // "Progress: Lstm encoder epoch 3/12, batch 40/312" (Training/EpochProgress.cs).
    private static readonly Regex ProgressLine = new(@"^(?<what>.+), batch (?<batch>\d+)/(?<batches>\d+)$", RegexOptions.Compiled);
    private static readonly string[] Sources = { nameof(RecurrentEncoderEstimator), nameof(LanguageModelEstimator) };
    private const int BarWidth = 30;

    /// <summary>Writes the trainings of <paramref name="mlContext"/> to the console until the returned subscription is
    /// disposed; progress bars only when the output is a terminal (not redirected to a file or pipe).</summary>
    public static IDisposable WriteToConsole(MLContext mlContext) => WriteTo(mlContext, Console.Out, progressBars: !Console.IsOutputRedirected);

    /// <summary>Writes the trainings of <paramref name="mlContext"/> to <paramref name="writer"/> until the returned
    /// subscription is disposed; with <paramref name="progressBars"/>, each epoch also draws a bar, redrawn in place
    /// (carriage return) as batches finish.</summary>
    public static IDisposable WriteTo(MLContext mlContext, TextWriter writer, bool progressBars)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(writer);
        return new Subscription(mlContext, writer, progressBars);
    }

    private sealed class Subscription : IDisposable
    {
        private readonly MLContext _mlContext;
        private readonly TextWriter _writer;
        private readonly bool _progressBars;
        private readonly object _gate = new();
        private int _barLength;

        public Subscription(MLContext mlContext, TextWriter writer, bool progressBars)
        {
            _mlContext = mlContext;
            _writer = writer;
            _progressBars = progressBars;
            mlContext.Log += Write;
        }

        private void Write(object sender, LoggingEventArgs e)
        {
            if (!Sources.Any(s => e.Source.StartsWith(s, StringComparison.Ordinal))) return;
            lock (_gate)
            {
                if (e.Kind == ChannelMessageKind.Trace)
                {
                    if (_progressBars && e.RawMessage.StartsWith(EpochProgress.Prefix, StringComparison.Ordinal)) DrawBar(e.RawMessage[EpochProgress.Prefix.Length..]);
                    return;
                }
                ClearBar();
                _writer.WriteLine(e.Kind == ChannelMessageKind.Info ? e.RawMessage : $"{e.Kind}: {e.RawMessage}");
                _writer.Flush();
            }
        }

        private void DrawBar(string progress)
        {
            var match = ProgressLine.Match(progress);
            if (!match.Success) return;
            int batch = int.Parse(match.Groups["batch"].Value), batches = int.Parse(match.Groups["batches"].Value);
            int filled = batches == 0 ? BarWidth : (int)((long)BarWidth * batch / batches);
            string bar = $"{match.Groups["what"].Value} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {batch}/{batches}";
            _writer.Write($"\r{bar.PadRight(_barLength)}");
            _writer.Flush();
            _barLength = bar.Length;
        }

        private void ClearBar()
        {
            if (_barLength == 0) return;
            _writer.Write($"\r{new string(' ', _barLength)}\r");
            _barLength = 0;
        }

        public void Dispose()
        {
            _mlContext.Log -= Write;
            lock (_gate) ClearBar();
        }
    }
}

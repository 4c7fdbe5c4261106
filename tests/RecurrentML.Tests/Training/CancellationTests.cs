using System.Reflection;
using Microsoft.ML;
using RecurrentML.Tests.LanguageModels;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>Fit stops on request within one batch, with <see cref="OperationCanceledException"/>: on the options'
/// CancellationToken and on ML.NET's own cancellation of the MLContext, for the encoders and the language models.
/// Each test cancels from the MLContext.Log handler when a given line is logged (the log is written on the training
/// thread, so the next check sees the request) and then checks that no epoch was logged after it.</summary>
public class CancellationTests
{
    private const string FirstEpochLine = " epoch 1/";

    /// <summary>Cancels the MLContext as ML.NET's own hosts do (AutoML's experiments, for one). MLContext.CancelExecution
    /// is internal in Microsoft.ML 5.0.1, so the test calls it by reflection.</summary>
    private static void CancelExecution(MLContext mlContext) =>
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(mlContext, null);

    [Fact]
    public void Cancelling_the_token_after_the_first_epoch_stops_the_encoders_Fit_before_the_next_batch()
    {
        using var cancel = new CancellationTokenSource();
        var (error, after) = FitEncoder(o => o.CancellationToken = cancel.Token, FirstEpochLine, _ => cancel.Cancel());
        Assert.IsType<OperationCanceledException>(error);
        Assert.Equal(cancel.Token, ((OperationCanceledException)error).CancellationToken);
        Assert.DoesNotContain(after, m => m.Contains(" epoch "));
    }

    [Fact]
    public void Cancelling_the_MLContext_after_the_first_epoch_stops_the_encoders_Fit_before_the_next_batch()
    {
        var (error, after) = FitEncoder(_ => { }, FirstEpochLine, CancelExecution);
        Assert.IsType<OperationCanceledException>(error);
        Assert.DoesNotContain(after, m => m.Contains(" epoch "));
    }

    [Fact]
    public void Cancelling_at_the_first_cross_fitting_fold_trains_no_fold()
    {
        using var cancel = new CancellationTokenSource();
        var (error, after) = FitEncoder(o => { o.CancellationToken = cancel.Token; o.CrossFitFolds = 3; }, "fold 1 of 3", _ => cancel.Cancel());
        Assert.IsType<OperationCanceledException>(error);
        Assert.DoesNotContain(after, m => m.Contains(" epoch ") || m.Contains("fold 2 of 3"));
    }

    [Fact]
    public void An_already_cancelled_token_stops_the_encoders_Fit_before_training_starts()
    {
        var (error, after) = FitEncoder(o => o.CancellationToken = new CancellationToken(canceled: true), "Training Lstm encoder on", _ => { });
        Assert.IsType<OperationCanceledException>(error);
        Assert.Null(after);
    }

    [Fact]
    public void Cancelling_the_token_after_the_first_epoch_stops_the_language_models_Fit_before_the_next_batch()
    {
        using var cancel = new CancellationTokenSource();
        var (error, after) = FitLanguageModel(o => o.CancellationToken = cancel.Token, FirstEpochLine, _ => cancel.Cancel());
        Assert.IsType<OperationCanceledException>(error);
        Assert.Equal(cancel.Token, ((OperationCanceledException)error).CancellationToken);
        Assert.DoesNotContain(after, m => m.Contains(" epoch "));
    }

    [Fact]
    public void Cancelling_the_MLContext_after_the_first_epoch_stops_the_language_models_Fit_before_the_next_batch()
    {
        var (error, after) = FitLanguageModel(_ => { }, FirstEpochLine, CancelExecution);
        Assert.IsType<OperationCanceledException>(error);
        Assert.DoesNotContain(after, m => m.Contains(" epoch "));
    }

    [Fact]
    public void An_already_cancelled_token_stops_the_language_models_Fit_before_training_starts()
    {
        var (error, after) = FitLanguageModel(o => o.CancellationToken = new CancellationToken(canceled: true), "language model on", _ => { });
        Assert.IsType<OperationCanceledException>(error);
        Assert.Null(after);
    }

    [Fact]
    public void The_encoders_token_stops_its_language_model_pretraining()
    {
        using var cancel = new CancellationTokenSource();
        var (error, after) = FitEncoder(o =>
        {
            o.CancellationToken = cancel.Token;
            o.LanguageModelPretraining = LanguageModelTestData.Small(epochs: 4);
        }, "language model epoch 1/", _ => cancel.Cancel());
        Assert.IsType<OperationCanceledException>(error);
        Assert.DoesNotContain(after, m => m.Contains(" epoch ") || m.Contains("encoder on"));
    }

    [Fact]
    public void Cancelling_the_token_during_the_encoders_validation_pass_stops_it_there()
    {
        using var cancel = new CancellationTokenSource();
        // 200 rows are too few for the default validation share: hold out 20.
        var (error, after) = FitEncoder(o => { o.CancellationToken = cancel.Token; o.MinValidationRows = 20; }, LastBatchOfTheFirstEpoch, _ => cancel.Cancel());
        Assert.IsType<OperationCanceledException>(error);
        // The training batches of epoch 1 are done: the next check is the validation pass's, which never logs the epoch.
        Assert.Contains("EncoderTrainer.Evaluate", error.StackTrace);
        Assert.DoesNotContain(after, m => m.Contains(" epoch "));
    }

    [Fact]
    public void Cancelling_the_token_during_the_language_models_validation_pass_stops_it_there()
    {
        using var cancel = new CancellationTokenSource();
        var (error, after) = FitLanguageModel(o => o.CancellationToken = cancel.Token, LastBatchOfTheFirstEpoch, _ => cancel.Cancel());
        Assert.IsType<OperationCanceledException>(error);
        Assert.Contains("LanguageModelTrainer.MeanLoss", error.StackTrace);
        Assert.DoesNotContain(after, m => m.Contains(" epoch "));
    }

    /// <summary>The progress line of the first epoch's last training batch ("... epoch 1/4, batch 13/13").</summary>
    private static bool LastBatchOfTheFirstEpoch(string message) =>
        System.Text.RegularExpressions.Regex.IsMatch(message, @"Progress: .* epoch 1/\d+, batch (\d+)/\1$");

    /// <summary>Fits a small LSTM encoder (200 rows, 13 batches an epoch, 4 epochs), calling <paramref name="cancel"/>
    /// when a message containing <paramref name="line"/> is logged; returns what Fit threw and the messages logged
    /// after that one (null when it never was).</summary>
    private static (Exception Error, List<string> After) FitEncoder(Action<LstmOptions> configure, string line, Action<MLContext> cancel) =>
        FitEncoder(configure, m => m.Contains(line), cancel);

    private static (Exception Error, List<string> After) FitEncoder(Action<LstmOptions> configure, Func<string, bool> at, Action<MLContext> cancel)
    {
        var mlContext = new MLContext(seed: 1);
        var rows = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(200, seed: 1));
        var data = TestData.Tokens(mlContext).Fit(rows).Transform(rows);
        var options = SmallOptions.Of(new LstmOptions());
        configure(options);
        var after = Watch(mlContext, at, cancel);
        var error = Record.Exception(() => mlContext.Transforms.Lstm(options).Fit(data));
        return (error, after());
    }

    private static (Exception Error, List<string> After) FitLanguageModel(Action<LanguageModelOptions> configure, string line, Action<MLContext> cancel) =>
        FitLanguageModel(configure, m => m.Contains(line), cancel);

    private static (Exception Error, List<string> After) FitLanguageModel(Action<LanguageModelOptions> configure, Func<string, bool> at, Action<MLContext> cancel)
    {
        var mlContext = new MLContext(seed: 1);
        var rows = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(300, seed: 1));
        var data = LanguageModelTestData.Tokens(mlContext).Fit(rows).Transform(rows);
        var options = LanguageModelTestData.Small(epochs: 8);
        configure(options);
        var after = Watch(mlContext, at, cancel);
        var error = Record.Exception(() => mlContext.Transforms.LanguageModel(options).Fit(data));
        return (error, after());
    }

    /// <summary>Calls <paramref name="cancel"/> at the first message <paramref name="at"/> accepts and keeps the
    /// messages after it.</summary>
    private static Func<List<string>> Watch(MLContext mlContext, Func<string, bool> at, Action<MLContext> cancel)
    {
        List<string> after = null;
        mlContext.Log += (_, e) =>
        {
            if (after != null) after.Add(e.Message);
            else if (at(e.RawMessage))
            {
                after = new List<string>();
                cancel(mlContext);
            }
        };
        return () => after;
    }
}

namespace RecurrentML.Quality;

/// <summary>The main run's measurement: a method fitted on a set's training part, its accuracy measured once on the
/// test part.</summary>
internal static class TestSplitRun
{
    public static MethodResult Run(Method method, SetData data)
    {
        var mlContext = QualityContext.Create();
        if (method is Method.FastText or Method.FastTextTuned) return FastText.Run(mlContext, data, tuned: method == Method.FastTextTuned);
        var pipeline = new TimedEstimator(Pipelines.Create(mlContext, method, data, Candidate.Default));
        var model = pipeline.Fit(data.Train);
        return new MethodResult(data.Accuracy(mlContext, model.Transform(data.Test)), pipeline.FitSeconds.Single());
    }
}
